using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Counts anonymous events in memory and writes one entry per address and kind each window, and once more on a
/// clean shutdown. A burst of 1,500 refused posts becomes one entry instead of 1,500 turns of the audit writer.
/// </summary>
public sealed partial class AnonymousAudit(
    IAuditLog auditLog,
    AuditPseudonyms pseudonyms,
    IOptions<SecurityOptions> options,
    TimeProvider timeProvider,
    ILogger<AnonymousAudit> logger) : BackgroundService, IAnonymousAudit
{
    private readonly AnonymousEventTally _tally = new(options.Value.AnonymousAuditAddresses);

    public void Note(AnonymousEvent anonymousEvent) => _tally.Add(anonymousEvent, timeProvider.GetUtcNow());

    /// <summary>Writes everything counted so far. Also what tests call instead of waiting for the window.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        // Counted by the address itself (in memory only); the chain gets keyed hashes of the address and of what was sent (ADR 0010).
        foreach (var summary in _tally.TakeAll().Select(Pseudonymised))
            await auditLog.RecordAsync("anonymous", summary.Action, summary.Target, summary.Describe(), cancellationToken: cancellationToken);
    }

    private AnonymousSummary Pseudonymised(AnonymousSummary summary) => summary with
    {
        Address = summary.Address is null ? null : pseudonyms.Address(summary.Address),
        Sample = summary.Sample is null ? null : pseudonyms.Sent(summary.Sample),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.AnonymousAuditWindow, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await TryFlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync writes what is left
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await TryFlushAsync(CancellationToken.None);
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A failed write must not stop the host; the counts of this window are logged instead.
            LogFlushFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the anonymous-event audit entries failed")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
