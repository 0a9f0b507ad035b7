using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Retention;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Retention;

/// <summary>
/// The published retention schedule: the platform's maximum per kind of data, kept as reasoned, audited revisions
/// (as the moratorium schedule is). Organisations, galleries and cases may only shorten it: <see cref="RetentionOverrides"/>.
/// </summary>
public sealed class RetentionSchedule(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    TimeProvider timeProvider,
    Notifier<RetentionChanged> notifier)
{
    internal const string EditWork = "change the retention schedule";

    /// <summary>Every rule, in the schedule's order.</summary>
    public async Task<IReadOnlyList<RetentionRule>> RulesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rules = await db.RetentionRules.AsNoTracking().ToListAsync(cancellationToken);
        return rules.OrderBy(r => r.Kind).ToList();
    }

    /// <summary>The schedule's revisions, newest first.</summary>
    public async Task<IReadOnlyList<RetentionRevision>> HistoryAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var revisions = await db.RetentionRevisions.AsNoTracking().ToListAsync(cancellationToken);
        // Ordered here: SQLite cannot order by a DateTimeOffset, and the ids follow the order of writing.
        return revisions.OrderByDescending(r => r.Id).ToList();
    }

    /// <summary>
    /// A platform admin changes one kind's maximum, with a reason; the revision and its audit entry commit together.
    /// Shortening below an organisation's, gallery's or case's own period is fine: the shortest applies.
    /// </summary>
    public async Task<Outcome> EditAsync(Actor actor, DataKind kind, int days, string? reason, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, EditWork) is { } refusal)
        {
            await auditLog.RecordAsync(actor.Name, AuditActions.RetentionRefused, $"retention:{kind}", refusal, actor.OrganisationId, CancellationToken.None);
            return Outcome.Forbidden(refusal);
        }
        if (!DefinedValues.IsDefined(kind))
            return Outcome.Invalid("Choose a kind of data from the schedule.");
        if (RetentionPolicy.PlatformProblem(kind, days) is { } problem)
        {
            // Recorded: an attempt to publish a period past the legal limit is something a regulator may ask about.
            await auditLog.RecordAsync(actor.Name, AuditActions.RetentionRefused, $"retention:{kind}", $"{days} day(s) refused: {problem}", null, CancellationToken.None);
            return Outcome.Invalid(problem);
        }
        var why = reason?.Trim() ?? "";
        if (why.Length == 0)
            return Outcome.Invalid("Give a reason for the change: it is published with the schedule's history.");
        if (why.Length > RetentionRevision.MaxReasonLength)
            return Outcome.Invalid($"Keep the reason to at most {RetentionRevision.MaxReasonLength} characters.");

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            // Under the write lock: two admins editing at once each leave a revision of the schedule as it then stood.
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var rules = await db.RetentionRules.ToListAsync(cancellationToken);
            var rule = rules.FirstOrDefault(r => r.Kind == kind);
            if (rule is null)
                return Outcome.NotFound("That kind of data is not in the schedule.");
            if (rule.MaxDays == days)
                return Outcome.Invalid("That is already the maximum; give a different period.");
            var change = $"{kind.Label()}: {RetentionLabels.Period(rule.MaxDays)} to {RetentionLabels.Period(days)}";
            rule.MaxDays = days;
            db.RetentionRevisions.Add(new RetentionRevision
            {
                At = timeProvider.GetUtcNow(), Actor = $"user:{actor.UserId}", Change = change, Reason = why, Rules = RetentionSnapshot.Of(rules),
            });
            await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.RetentionEdited, $"retention:{kind}",
                $"{change}; reason: {why}", null, cancellationToken);
        }
        await notifier.PublishAsync(new RetentionChanged(null));
        return Outcome.Ok;
    }
}
