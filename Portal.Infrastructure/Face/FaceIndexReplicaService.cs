using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Runs this process's replica where searches run (processes with queue workers): loads the snapshot at start,
/// then applies the log every poll interval or at once when woken, and reports what it applied.
/// </summary>
public sealed partial class FaceIndexReplicaService(
    FaceIndexReplica replica,
    FaceReplicaReports reports,
    FaceCodeBackfillService codeBackfill,
    IOptions<FaceIndexOptions> options,
    IOptions<QueueOptions> queueOptions,
    TimeProvider timeProvider,
    ILogger<FaceIndexReplicaService> logger) : BackgroundService
{
    private TaskCompletionSource _woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Applies new changes now instead of at the next poll (after a local commit; later, on a database notification).</summary>
    public void Wake() => Volatile.Read(ref _woken).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queueOptions.Value.RunWorkers)
            return; // web only: no searches run here, so no replica is held or reported
        var reported = long.MinValue;
        var lastBeat = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Wakes before this point are answered by the catch-up below; one during it must end the wait after it.
            Interlocked.Exchange(ref _woken, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            try
            {
                var loaded = await replica.LoadAsync(stoppingToken);
                if (loaded > 0)
                    LogLoaded(logger, loaded, replica.AppliedPosition);
                if (loaded > 0 && replica.FacesWithoutCodes > 0)
                    codeBackfill.Wake(); // so the next start reads codes only
                await replica.CatchUpAsync(stoppingToken);
                var now = timeProvider.GetUtcNow();
                if (replica.AppliedPosition != reported || now - lastBeat >= options.Value.HeartbeatInterval)
                {
                    await reports.ReportAsync(replica, now, pruneOld: now - lastBeat >= options.Value.HeartbeatInterval, stoppingToken);
                    (reported, lastBeat) = (replica.AppliedPosition, now);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database was busy or gone for a moment: the position did not move, so nothing was skipped.
                LogError(logger, exception);
            }
            try
            {
                await Task.WhenAny(Volatile.Read(ref _woken).Task, Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// After the loop ends, the report goes. The queue's workers were registered after this service, so they have
    /// stopped already: no search runs here on an index that no longer reports.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!queueOptions.Value.RunWorkers)
            return;
        try
        {
            await reports.WithdrawAsync(replica, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database is gone for the moment: the report stops counting after LiveWindow, as a killed process's does.
            LogWithdrawFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Face index replica could not withdraw its report; it stops counting after the live window")]
    private static partial void LogWithdrawFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Face index replica loaded {Count} face(s) at log position {Position}")]
    private static partial void LogLoaded(ILogger logger, int count, long position);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Face index replica could not apply changes; retrying")]
    private static partial void LogError(ILogger logger, Exception exception);
}
