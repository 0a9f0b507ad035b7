using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Applies the retention schedule to one organisation as of now: reminds admins of idle open cases, and stages an erasure
/// (record and Erase job, one transaction) for everything due. Held data is skipped, once per target per sweep, with the skip
/// recorded and audited; it goes at the first sweep after the release. A target with a pending erasure is not staged again.
/// Then the non-biometric periods: removed members' accounts (<see cref="AccountErasure"/>) and case records
/// (<see cref="CaseRecordExpiry"/>).
/// </summary>
public sealed partial class RetentionSweep(
    IDbContextFactory<PortalDbContext> contextFactory,
    BiometricEraser eraser,
    CaseReminders reminders,
    AccountErasure accounts,
    CaseRecordExpiry caseRecords,
    AuditLog auditLog,
    JobQueue queue,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<RetentionSweep> logger)
{
    public async Task<SweepResult> RunAsync(Guid organisationId, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        List<DueErasure> due;
        List<ReminderDue> remind;
        RetentionPeriods periods;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            periods = await RetentionPeriods.ReadAsync(db, organisationId, cancellationToken);
            var last = await LastInteractions.ReadAsync(db, organisationId, cancellationToken);
            due = await DueErasures.ListAsync(db, organisationId, periods, last, periods.TrashGrace(options.Value.TrashGrace), now, cancellationToken);
            remind = await reminders.DueAsync(db, organisationId, periods, last, now, cancellationToken);
        }
        var reminded = await reminders.SendAsync(organisationId, remind, now, cancellationToken);
        var (staged, skipped) = await StageAsync(organisationId, due, now, cancellationToken);
        if (staged > 0)
            queue.Signal(staged);
        await accounts.RunAsync(organisationId, periods, now, cancellationToken);
        await caseRecords.RunAsync(organisationId, periods, now, cancellationToken);
        LogSwept(logger, organisationId, staged, skipped, reminded);
        return new SweepResult(staged, skipped, reminded);
    }

    private async Task<(int Staged, int Skipped)> StageAsync(Guid organisationId, List<DueErasure> due, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: two sweeps of one organisation cannot both stage the same target, and a hold confirmed at
        // this moment is either seen here or confirmed after the staging (the eraser checks again before it deletes).
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var holds = await HoldCheck.ReadAsync(db, organisationId, cancellationToken);
        var pending = (await db.ErasureRecords.AsNoTracking().Where(r => r.OrganisationId == organisationId && r.CompletedAt == null)
            .Select(r => new { r.Scope, r.ScopeId }).ToListAsync(cancellationToken)).Select(r => (r.Scope, r.ScopeId)).ToHashSet();
        int staged = 0, skipped = 0;
        foreach (var target in due.Where(d => !pending.Contains((d.Scope, d.ScopeId))).GroupBy(d => (d.HoldScope, d.HoldTarget)))
        {
            if (holds.Keeping(target.Key.HoldScope, target.Key.HoldTarget) is { } hold)
            {
                await SkipAsync(db, organisationId, target.Key.HoldScope, target.Key.HoldTarget, hold, target.Count(), now, cancellationToken);
                skipped++;
                continue;
            }
            foreach (var erasure in target)
            {
                eraser.Stage(db, new ErasureRecord
                {
                    Cause = erasure.Cause, CauseReference = erasure.CauseReference, OrganisationId = organisationId, Scope = erasure.Scope,
                    ScopeId = erasure.ScopeId, RequestedAt = now, RequestedBy = ErasureAudit.Actor,
                });
                staged++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (staged, skipped);
    }

    private async Task SkipAsync(PortalDbContext db, Guid organisationId, HoldScope scope, Guid target, LegalHold hold, int items, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var erasureScope = scope == HoldScope.Case ? ErasureScope.Case : ErasureScope.Gallery;
        db.ErasureSkips.Add(new ErasureSkip
        {
            Scope = erasureScope, ScopeId = target, HoldId = hold.Id, At = now,
            Reason = $"Legal hold {hold.Id} on the {hold.Scope.Label().ToLowerInvariant()} keeps {items} item(s) past their retention period.",
        });
        await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.ErasureSkippedHeld, $"{scope.ToString().ToLowerInvariant()}:{target}",
            $"held by legal hold {hold.Id}; {items} erasure(s) due kept", organisationId, cancellationToken);
        // Saved at once: the next skip's entry is chained on the head as stored, so two held targets in one sweep don't
        // both take the same sequence (which failed the whole sweep).
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep of organisation {OrganisationId}: {Staged} erasure(s) staged, {Skipped} held target(s) skipped, {Reminded} case reminder(s)")]
    private static partial void LogSwept(ILogger logger, Guid organisationId, int staged, int skipped, int reminded);
}
