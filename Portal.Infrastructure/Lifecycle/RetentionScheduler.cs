using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Stages each organisation's retention sweep once a day at <see cref="RetentionOptions.SweepTimeOfDay"/> (UTC), in
/// processes that run workers (the first at the next slot after start, so a start never queues work by itself). Check-then-write under the write
/// transaction (ADR 0008), so schedulers in several processes stage one sweep per organisation per day between them.
/// Each daily slot, and each "run now", also expires the audit entries past the schedule's period (<see cref="AuditExpiry"/>).
/// </summary>
public sealed partial class RetentionScheduler(
    IDbContextFactory<PortalDbContext> contextFactory,
    JobQueue queue,
    AuditLog auditLog,
    AuditExpiry auditExpiry,
    IOptions<RetentionOptions> options,
    IOptions<QueueOptions> queueOptions,
    TimeProvider timeProvider,
    ILogger<RetentionScheduler> logger) : BackgroundService
{
    private static readonly JobState[] Unfinished = [JobState.Queued, JobState.Running, JobState.HeldByMoratorium];

    /// <summary>The latest daily slot at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LastSlot(DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + options.Value.SweepTimeOfDay;
        return today <= now ? today : today.AddDays(-1);
    }

    /// <summary>Stages the sweep of every organisation with none staged since <paramref name="slot"/> and none unfinished; returns how many.</summary>
    public Task<int> StageDailyAsync(DateTimeOffset slot, CancellationToken cancellationToken = default) =>
        StageAsync(j => j.CreatedAt >= slot || Unfinished.Contains(j.State), null, cancellationToken);

    /// <summary>A platform admin's "run now": a sweep for every organisation that has none queued or running, audited.</summary>
    public async Task<Outcome<int>> RunNowAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "run the retention sweep") is { } refusal)
            return Outcome<int>.Forbidden(refusal);
        var staged = await StageAsync(j => Unfinished.Contains(j.State), admin, cancellationToken);
        await ExpireAuditGuardedAsync(cancellationToken);
        return Outcome<int>.Ok(staged);
    }

    private async Task<int> StageAsync(System.Linq.Expressions.Expression<Func<RecognitionJob, bool>> covered, Actor? admin, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var swept = db.Jobs.Where(j => j.Kind == JobKind.RetentionSweep).Where(covered).Select(j => j.OrganisationId);
        var organisations = await db.Organisations.Where(o => !swept.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
        foreach (var organisation in organisations)
            queue.Stage(db, JobKind.RetentionSweep, organisation, organisation, admin?.UserId ?? ErasureAudit.Actor);
        if (admin is not null)
            await auditLog.AppendWithinAsync(db, admin.Name, AuditActions.RetentionSweepRequested, "retention:sweep",
                $"sweep queued for {organisations.Count} organisation(s)", null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (organisations.Count > 0)
            queue.Signal(organisations.Count);
        return organisations.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queueOptions.Value.RunWorkers)
            return;
        var slot = LastSlot(timeProvider.GetUtcNow()).AddDays(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = slot - timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, timeProvider, stoppingToken);
                LogStaged(logger, await StageDailyAsync(slot, stoppingToken));
                await ExpireAuditGuardedAsync(stoppingToken);
                slot = slot.AddDays(1);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database was busy or gone: try the same slot again shortly; never let the scheduler die.
                LogFailed(logger, exception);
                await Task.Delay(TimeSpan.FromMinutes(1), timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>
    /// The audit log's part of the schedule, run here rather than in the per-organisation sweep: audit entries are the
    /// platform's records, one chain for every organisation. Legal holds do not apply to them: a hold keeps an
    /// organisation's photos and case data from erasure, while the entries about them are kept as long as any, no longer.
    /// The expiry records what it did, or why it refused, in the chain itself. A failure (the checkpoint file cannot be
    /// written, say) is logged and waits for the next slot or "run now": retrying every minute would only repeat it, and
    /// the sweeps staged before it must not look failed.
    /// </summary>
    private async Task ExpireAuditGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await auditExpiry.RunAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAuditExpiryFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiring audit entries failed; trying again at the next daily slot")]
    private static partial void LogAuditExpiryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Daily retention sweep queued for {Count} organisation(s)")]
    private static partial void LogStaged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queuing the daily retention sweep failed; trying again in a minute")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
