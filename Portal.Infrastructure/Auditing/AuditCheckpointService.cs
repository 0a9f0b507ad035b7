using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Verifies the chain on a timer (hourly by default); an intact chain leaves a signed checkpoint, so at most one interval
/// of entries can be cut from the tail unnoticed.
/// </summary>
public sealed partial class AuditCheckpointService(
    IAuditLog auditLog, IOptions<AuditOptions> options, TimeProvider timeProvider, ILogger<AuditCheckpointService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, timeProvider);
        do
        {
            try
            {
                var result = await auditLog.VerifyAsync(stoppingToken);
                if (!result.IsIntact)
                    LogBroken(logger, result.BrokenSequence ?? 0, result.Reason ?? "");
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit chain broken at sequence {Sequence}: {Reason}")]
    private static partial void LogBroken(ILogger logger, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit checkpoint failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
