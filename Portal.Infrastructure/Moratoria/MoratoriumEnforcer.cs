using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Moratoria;

/// <summary>
/// Applies the schedule as time passes: when a moratorium begins it ends the sessions of those it blocks;
/// queued work of a blocked or suspended organisation is held, and held work is released when its block ends
/// and the organisation is approved. Workers
/// check again before processing; this sweep makes the held state visible without waiting for a worker.
/// </summary>
public sealed partial class MoratoriumEnforcer(
    IDbContextFactory<PortalDbContext> contextFactory,
    MoratoriumSchedule schedule,
    SessionTerminator sessions,
    JobQueue queue,
    AuditLog auditLog,
    TimeProvider timeProvider,
    Notifier<ScheduleChanged> scheduleChanges,
    Notifier<StandingChanged> standingChanges,
    Notifier<JobsChanged> jobChanges,
    IOptions<MoratoriumOptions> options,
    ILogger<MoratoriumEnforcer> logger) : BackgroundService
{
    private readonly SemaphoreSlim _nudge = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = scheduleChanges.Subscribe(_ => { Nudge(); return Task.CompletedTask; });
        // A suspension holds, and a reinstatement releases, the organisation's waiting work now, not at the next interval.
        using var standing = standingChanges.Subscribe(_ => { Nudge(); return Task.CompletedTask; });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(logger, exception);
            }
            try
            {
                // The cadence is wall-clock; what the sweep decides uses the TimeProvider.
                await _nudge.WaitAsync(options.Value.SweepInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Nudge()
    {
        if (_nudge.CurrentCount == 0)
        {
            try { _nudge.Release(); }
            catch (SemaphoreFullException) { /* already nudged */ }
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var moratoria = await schedule.AllAsync(cancellationToken);
        foreach (var started in moratoria.Where(m => m.IsActiveAt(now) && m.ActivationStampedAt is null))
        {
            await sessions.EndSessionsOfAsync(await schedule.BlockedByAsync(started, now, cancellationToken), cancellationToken);
            await schedule.MarkActivationStampedAsync(started.Id, now, cancellationToken, db =>
                auditLog.AppendWithinAsync(db, "system", AuditActions.MoratoriumStarted, $"moratorium:{started.Id}",
                    $"\"{started.Title}\" began; sessions of the organisations it blocks were ended", null, cancellationToken));
        }
        if (await ApplyToWorkAsync(moratoria, now, cancellationToken))
            await jobChanges.PublishAsync(new JobsChanged(null));
    }

    /// <summary>Holds queued work of blocked organisations and releases held work of unblocked ones.</summary>
    private async Task<bool> ApplyToWorkAsync(IReadOnlyList<Moratorium> moratoria, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var waiting = await (from job in db.Jobs
                             where JobLifecycle.Waiting.Contains(job.State)
                             join organisation in db.Organisations on job.OrganisationId equals organisation.Id
                             group job by new { organisation.Id, organisation.Name, organisation.Sector, organisation.Status } into byOrganisation
                             select byOrganisation.Key).ToListAsync(cancellationToken);
        var changed = false;
        foreach (var organisation in waiting)
        {
            var decision = MoratoriumPolicy.Evaluate(organisation.Id, organisation.Sector, now, moratoria);
            // A suspended (or otherwise unapproved) organisation's work is held like a blocked one's, and released
            // only once it is approved again and no moratorium blocks it.
            var reason = OrganisationStanding.HoldReason(organisation.Status) ?? (decision.IsBlocked ? decision.Describe() : null);
            // Each organisation's change and its entry commit together.
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            if (reason is not null)
            {
                var held = await queue.HoldWaitingAsync(db, organisation.Id, reason, cancellationToken);
                if (held > 0)
                    await auditLog.AppendWithinAsync(db, "system", AuditActions.JobsHeld, $"organisation:{organisation.Id}",
                        $"{held} queued job(s) of {organisation.Name} held: {reason}", organisation.Id, cancellationToken);
                changed |= held > 0;
            }
            else
            {
                var released = await queue.ReleaseHeldAsync(db, organisation.Id, cancellationToken);
                if (released > 0)
                    await auditLog.AppendWithinAsync(db, "system", AuditActions.JobsReleased, $"organisation:{organisation.Id}",
                        $"{released} held job(s) of {organisation.Name} released: it is approved and no moratorium blocks it any more", organisation.Id, cancellationToken);
                changed |= released > 0;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return changed;
    }

    public override void Dispose()
    {
        _nudge.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The moratorium sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
