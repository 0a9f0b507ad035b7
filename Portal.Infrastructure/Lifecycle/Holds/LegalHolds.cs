using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Holds;

/// <summary>
/// Legal holds, for platform admins only: place, confirm (another admin), request release, confirm release (another
/// admin). Each step reads, checks and writes inside one write transaction (ADR 0008), so two admins confirming one
/// hold at once confirm it once. The reason is the admin's own words: it stays in the row; the audit gets ids and the
/// reference only. Forbidden attempts are audited.
/// </summary>
public sealed class LegalHolds(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    TimeProvider timeProvider,
    HoldDirectory directory,
    Notifier<HoldsChanged> changes)
{
    public async Task<Outcome<Guid>> PlaceAsync(Actor admin, HoldScope scope, Guid targetId, string? reason, string? reference,
        DateTimeOffset reviewDate, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "place legal holds") is { } refusal)
            return (await RefuseAsync(admin, "hold:new", Outcome.Forbidden(refusal))).As<Guid>();
        if (!DefinedValues.IsDefined(scope))
            return Outcome<Guid>.Invalid("Choose an organisation, a case or a gallery to hold.");
        LegalHold hold;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            if (await OrganisationOfAsync(db, scope, targetId, cancellationToken) is not { } organisationId)
                return Outcome<Guid>.Invalid($"That {scope.Label().ToLowerInvariant()} does not exist: choose one from the list.");
            var placed = HoldRules.Place(admin, scope, targetId, organisationId, reason, reference, reviewDate, timeProvider.GetUtcNow());
            if (!placed.Succeeded)
                return placed.As<Guid>();
            hold = placed.Value!;
            db.LegalHolds.Add(hold);
            await auditLog.SaveWithEntryAsync(db, admin.Name, AuditActions.HoldPlaced, Target(hold), Describe(hold), hold.OrganisationId, cancellationToken);
        }
        await changes.PublishAsync(new HoldsChanged(hold.Id));
        return Outcome<Guid>.Ok(hold.Id);
    }

    public Task<Outcome> ConfirmAsync(Actor admin, Guid holdId, CancellationToken cancellationToken = default) =>
        ChangeAsync(admin, holdId, "confirm legal holds", AuditActions.HoldConfirmed,
            hold => HoldRules.Confirm(hold, admin, timeProvider.GetUtcNow()), cancellationToken);

    public Task<Outcome> RequestReleaseAsync(Actor admin, Guid holdId, string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(admin, holdId, "release legal holds", AuditActions.HoldReleaseRequested,
            hold => HoldRules.RequestRelease(hold, admin, reason, timeProvider.GetUtcNow()), cancellationToken);

    public Task<Outcome> ConfirmReleaseAsync(Actor admin, Guid holdId, CancellationToken cancellationToken = default) =>
        ChangeAsync(admin, holdId, "release legal holds", AuditActions.HoldReleased,
            hold => HoldRules.ConfirmRelease(hold, admin, timeProvider.GetUtcNow()), cancellationToken);

    /// <summary>The holds of one list, newest first, with names; for a platform admin only.</summary>
    public async Task<Outcome<IReadOnlyList<HoldView>>> ListAsync(Actor admin, HoldFilter filter, CancellationToken cancellationToken = default) =>
        AdminGuard.Refusal(admin, "see legal holds") is { } refusal
            ? Outcome<IReadOnlyList<HoldView>>.Forbidden(refusal)
            : Outcome<IReadOnlyList<HoldView>>.Ok(await directory.ListAsync(filter, timeProvider.GetUtcNow(), cancellationToken));

    /// <summary>Holds in force whose review date has come by <paramref name="now"/>: flagged for the admins to look at.</summary>
    public async Task<Outcome<IReadOnlyList<HoldView>>> FlaggedAsync(Actor admin, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        AdminGuard.Refusal(admin, "see legal holds") is { } refusal
            ? Outcome<IReadOnlyList<HoldView>>.Forbidden(refusal)
            : Outcome<IReadOnlyList<HoldView>>.Ok((await directory.ListAsync(HoldFilter.Active, now, cancellationToken)).Where(h => h.PastReview).ToList());

    /// <summary>What a hold of <paramref name="scope"/> could be placed on, matching <paramref name="search"/>; for the place dialog.</summary>
    public async Task<Outcome<IReadOnlyList<HoldTarget>>> TargetsAsync(Actor admin, HoldScope scope, string? search,
        CancellationToken cancellationToken = default) =>
        AdminGuard.Refusal(admin, "place legal holds") is { } refusal
            ? Outcome<IReadOnlyList<HoldTarget>>.Forbidden(refusal)
            : Outcome<IReadOnlyList<HoldTarget>>.Ok(await directory.TargetsAsync(scope, search, cancellationToken));

    private async Task<Outcome> ChangeAsync(Actor admin, Guid holdId, string work, string action, Func<LegalHold, Outcome> change,
        CancellationToken cancellationToken)
    {
        if (AdminGuard.Refusal(admin, work) is { } refusal)
            return await RefuseAsync(admin, $"hold:{holdId}", Outcome.Forbidden(refusal));
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            // Read under the write lock: a second admin confirming at the same moment sees this confirmation and is refused.
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var hold = await db.LegalHolds.FirstOrDefaultAsync(h => h.Id == holdId, cancellationToken);
            if (hold is null)
                return Outcome.NotFound("That hold does not exist.");
            var outcome = change(hold);
            if (outcome.Kind == OutcomeKind.Forbidden)
            {
                await transaction.RollbackAsync(cancellationToken);
                return await RefuseAsync(admin, Target(hold), outcome);
            }
            if (!outcome.Succeeded)
                return outcome;
            await auditLog.SaveWithEntryAsync(db, admin.Name, action, Target(hold), Describe(hold), hold.OrganisationId, cancellationToken);
        }
        await changes.PublishAsync(new HoldsChanged(holdId));
        return Outcome.Ok;
    }

    private async Task<Outcome> RefuseAsync(Actor actor, string target, Outcome refusal)
    {
        await auditLog.RecordAsync(actor.Name, AuditActions.HoldRefused, target, refusal.Error!, actor.OrganisationId, CancellationToken.None);
        return refusal;
    }

    private static async Task<Guid?> OrganisationOfAsync(PortalDbContext db, HoldScope scope, Guid targetId, CancellationToken cancellationToken) =>
        scope switch
        {
            HoldScope.Organisation => await db.Organisations.Where(o => o.Id == targetId).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken),
            HoldScope.Case => await db.Cases.Where(c => c.Id == targetId).Select(c => (Guid?)c.OrganisationId).FirstOrDefaultAsync(cancellationToken),
            _ => await db.Galleries.Where(g => g.Id == targetId).Select(g => (Guid?)g.OrganisationId).FirstOrDefaultAsync(cancellationToken),
        };

    private static string Target(LegalHold hold) => $"hold:{hold.Id}";

    /// <summary>Ids only: the reason and the order's reference are free text (a court case's title names people) and stay in the hold's row.</summary>
    private static string Describe(LegalHold hold) => $"{hold.Scope.ToString().ToLowerInvariant()}:{hold.TargetId}";
}
