using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Messaging;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Verifies the chain on a timer (hourly by default); an intact chain leaves a signed checkpoint, so at most one interval
/// of entries can be cut from the tail unnoticed.
/// </summary>
public sealed partial class AuditCheckpointService(
    IAuditLog auditLog, IOptions<AuditOptions> options, IEmailSender emailSender, TimeProvider timeProvider,
    ILogger<AuditCheckpointService> logger) : BackgroundService
{
    private string? _reported;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, timeProvider);
        do
        {
            try
            {
                var result = await auditLog.VerifyAsync(stoppingToken);
                if (!result.IsIntact)
                    await ReportBrokenAsync(result, stoppingToken);
                _reported = result.IsIntact ? null : _reported;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// A break found by the timer is logged every time, and recorded in the chain and mailed once per break: a regulator
    /// reading the log later sees when the portal noticed, even if no admin pressed "Verify".
    /// </summary>
    private async Task ReportBrokenAsync(AuditVerification result, CancellationToken cancellationToken)
    {
        var finding = $"chain broken at sequence {result.BrokenSequence}: {result.Reason}";
        LogBroken(logger, result.BrokenSequence ?? 0, result.Reason ?? "");
        if (finding == _reported)
            return;
        _reported = finding;
        await auditLog.RecordAsync("system", AuditActions.AuditVerified, "audit", $"scheduled check: {finding}", cancellationToken: cancellationToken);
        if (options.Value.CheckpointMailTo is { Length: > 0 } address)
            await emailSender.SendAsync(new EmailMessage(address, "Reunite Portal audit chain BROKEN",
                $"The scheduled verification of the audit chain failed.\n\n{finding}\n\nNo checkpoint is written while the chain is broken."), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit chain broken at sequence {Sequence}: {Reason}")]
    private static partial void LogBroken(ILogger logger, long sequence, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit checkpoint failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
