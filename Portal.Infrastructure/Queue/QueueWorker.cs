using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// Runs queue workers in this process. Each claims a job, checks the moratorium again, runs it while renewing
/// its lease, and completes or fails it. While recognition is unavailable, workers claim nothing: work waits.
/// A clean stop gives running jobs back; a crash leaves leases that expire and are reclaimed. Each attempt has a
/// time limit: past it the handler is cancelled, and one that ignores cancellation is abandoned.
/// </summary>
public sealed partial class QueueWorker(
    JobQueue queue,
    JobGate gate,
    IEnumerable<IJobHandler> handlers,
    IFaceAnalyzer analyzer,
    TimeProvider timeProvider,
    IOptions<QueueOptions> options,
    ILogger<QueueWorker> logger) : BackgroundService
{
    private readonly string _process = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
    private readonly Dictionary<JobKind, IJobHandler> _handlers = handlers.ToDictionary(h => h.Kind);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunWorkers)
            return;
        var owners = Enumerable.Range(1, options.Value.WorkerCount).Select(i => $"{_process}/w{i}").ToList();
        var loops = owners.Select(owner => Task.Run(() => WorkAsync(owner, stoppingToken), CancellationToken.None)).ToList();
        loops.Add(Task.Run(() => ReclaimAsync(stoppingToken), CancellationToken.None));
        await Task.WhenAll(loops);
        // Clean stop: what this process was running goes back to the queue for the next worker, attempt not spent.
        foreach (var owner in owners)
            await queue.ReleaseAsync(owner, CancellationToken.None);
    }

    private async Task WorkAsync(string owner, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = analyzer.IsAvailable ? await queue.ClaimAsync(owner, stoppingToken) : null;
                if (job is null)
                {
                    await queue.WaitForWorkAsync(stoppingToken);
                    continue;
                }
                if (await gate.AdmitAsync(job, owner, stoppingToken))
                    await RunAsync(job, owner, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database was busy or gone for a moment: wait and carry on; never let a worker die.
                LogWorkerError(logger, owner, exception);
                await Task.Delay(options.Value.PollInterval, CancellationToken.None);
            }
        }
    }

    private async Task RunAsync(RecognitionJob job, string owner, CancellationToken stoppingToken)
    {
        var limit = _handlers[job.Kind].TimeLimit ?? options.Value.JobTimeLimit;
        using var timeLimit = new CancellationTokenSource(limit, timeProvider);
        using var jobStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeLimit.Token);
        var lost = false;
        async Task Report(int percent)
        {
            if (!await queue.HeartbeatAsync(job, owner, percent, stoppingToken))
            {
                lost = true;
                await jobStop.CancelAsync();
                throw new LeaseLostException();
            }
        }
        using var renewal = new PeriodicTimer(options.Value.Lease / 3);
        var renewing = RenewAsync(job, owner, renewal, jobStop);
        try
        {
            var run = _handlers[job.Kind].RunAsync(job, Report, jobStop.Token);
            if (await FinishesInTimeAsync(run, limit))
            {
                await run; // its failure, if any, is handled below
                await queue.CompleteAsync(job, owner, CancellationToken.None);
            }
            else if (!stoppingToken.IsCancellationRequested)
            {
                LogAbandoned(logger, job.Id, limit);
                await FailAttemptAsync(job, owner, JobFailures.TookTooLong(limit), JobFailures.GaveUp);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(stoppingToken); // released at shutdown
        }
        catch (Exception) when (!lost && timeLimit.IsCancellationRequested)
        {
            await FailAttemptAsync(job, owner, JobFailures.TookTooLong(limit), JobFailures.GaveUp);
        }
        catch (Exception) when (lost || jobStop.IsCancellationRequested)
        {
            await CancelledOrLostAsync(job, owner);
        }
        catch (RecognitionUnavailableException)
        {
            await queue.ReleaseAsync(owner, CancellationToken.None); // the models went away: wait, don't fail
        }
        catch (UnknownPipelineVersionException unknown)
        {
            // Searches use a version a newer build made active and this build cannot compute: the job is not this
            // process's to run (nor to fail). Given back for a process that can, after a pause so it is not reclaimed at once.
            LogVersionUnknown(logger, job.Id, unknown.Version, FacePipelineVersion.Current);
            await queue.ReleaseAsync(owner, CancellationToken.None);
            await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken);
        }
        catch (WorkHeldException held)
        {
            // Suspended or blocked mid-run: wait, don't fail; no token, so a stopping worker still records the hold.
            await gate.HoldRunningAsync(job, owner, held.Reason, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The submitter sees a plain reason (the image's own rejection, or "could not be processed"); the
            // exception's text can name server paths and goes to admins only.
            var reason = exception is ImageRejectedException rejected ? rejected.Reason : JobFailures.GaveUp;
            await FailAttemptAsync(job, owner, $"{exception.GetType().Name}: {exception.Message}", reason);
        }
        finally
        {
            renewal.Dispose();
            await jobStop.CancelAsync();
            await renewing;
        }
    }

    /// <summary>
    /// Waits for the handler until the time limit plus a grace; false when it is still running then. It ignored its
    /// cancellation, so it is abandoned: whatever it writes later is keyed by its subject, and its lease is gone.
    /// </summary>
    private async Task<bool> FinishesInTimeAsync(Task run, TimeSpan limit)
    {
        using var watchdog = new CancellationTokenSource();
        var grace = TimeSpan.FromSeconds(Math.Clamp(limit.TotalSeconds / 4, 1, 10));
        var deadline = Task.Delay(limit + grace, timeProvider, watchdog.Token);
        if (await Task.WhenAny(run, deadline) == run)
        {
            await watchdog.CancelAsync();
            return true;
        }
        _ = run.ContinueWith(static task => task.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return false;
    }

    /// <summary>Counts a failed attempt; after the last one the handler tells the submitter in plain words.</summary>
    private async Task FailAttemptAsync(RecognitionJob job, string owner, string detail, string reason)
    {
        if (await queue.FailAsync(job.Id, owner, detail, reason, CancellationToken.None) == JobState.DeadLettered)
            await _handlers[job.Kind].DeadLetteredAsync(job, reason, CancellationToken.None);
    }

    /// <summary>Renews the lease while the job runs; a refusal means cancellation or a lost lease, and stops the job.</summary>
    private async Task RenewAsync(RecognitionJob job, string owner, PeriodicTimer timer, CancellationTokenSource jobStop)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(jobStop.Token))
            {
                if (!await queue.HeartbeatAsync(job, owner, null, jobStop.Token))
                {
                    await jobStop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the job ended
        }
        catch (ObjectDisposedException)
        {
            // the job ended
        }
    }

    private async Task CancelledOrLostAsync(RecognitionJob job, string owner)
    {
        // Cancelled by the submitter: record it. Lease lost: someone else owns the job now; touch nothing.
        await queue.MarkCancelledAsync(job.Id, owner, CancellationToken.None);
    }

    private async Task ReclaimAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReclaimInterval);
        do
        {
            try
            {
                var reclaimed = await queue.ReclaimExpiredAsync(stoppingToken);
                foreach (var job in reclaimed.DeadLettered)
                    await _handlers[job.Kind].DeadLetteredAsync(job, job.FailureReason ?? JobFailures.GaveUp, CancellationToken.None);
                if (reclaimed.Requeued > 0)
                    queue.Signal(options.Value.WorkerCount);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogWorkerError(logger, "reclaimer", exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} ignored its cancellation after the {Limit} time limit; its worker abandoned it")]
    private static partial void LogAbandoned(ILogger logger, Guid jobId, TimeSpan limit);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} needs face pipeline version {Version}, which this build (newest {Newest}) cannot compute; it is left for a newer build")]
    private static partial void LogVersionUnknown(ILogger logger, Guid jobId, int version, int newest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue worker {Owner} hit an error and carries on")]
    private static partial void LogWorkerError(ILogger logger, string owner, Exception exception);
}
