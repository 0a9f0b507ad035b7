using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// Governed thresholds, for platform admins only: propose a change of the default or a sector minimum with a reason;
/// another admin confirms (or rejects with a reason); the proposer may withdraw. Each step reads, checks and writes in one
/// write transaction (ADR 0008), so two admins confirming at once apply it once, and a proposal whose "before" changed
/// meanwhile is refused. The reason stays in the row (it is published); the audit gets ids and values only. Forbidden and
/// stale attempts are audited. Whether each admin holds the role, and since when and from whom, is read from the database
/// inside that transaction (<see cref="PlatformAdmins"/>), never taken from the session; open pages hear of every change.
/// </summary>
public sealed class ThresholdProposals(
    IDbContextFactory<PortalDbContext> contextFactory,
    ThresholdService thresholds,
    AuditLog auditLog,
    TimeProvider timeProvider,
    Notifier<ThresholdsChanged> changes)
{
    public async Task<Outcome<Guid>> ProposeAsync(Actor admin, Sector? sector, float proposed, string? reason,
        CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "propose threshold changes") is { } refusal)
            return (await RefuseAsync(admin, "threshold-proposal:new", Outcome.Forbidden(refusal))).As<Guid>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: "before" is the value in force, and no second pending proposal for the target slips in.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var currentDefault = await thresholds.DefaultInAsync(db, cancellationToken);
        var before = sector is { } s && DefinedValues.IsDefined(s) ? await thresholds.SectorMinimumInAsync(db, s, cancellationToken) : currentDefault;
        var made = ThresholdProposalRules.Propose(admin, sector, proposed, reason, before, currentDefault, timeProvider.GetUtcNow());
        if (!made.Succeeded)
            return (await RefuseWithinAsync(transaction, admin, "threshold-proposal:new", made.WithoutValue())).As<Guid>();
        // Read now, not from the session: an admin whose role was removed an hour ago may still have this page open.
        var standing = await PlatformAdmins.StandingAsync(db, admin.UserId, cancellationToken);
        if (!standing.HoldsRole || !standing.Vetted)
            return (await RefuseWithinAsync(transaction, admin, "threshold-proposal:new",
                Outcome.Forbidden(standing.HoldsRole ? SecondAdminRule.NotVettedToPropose : SecondAdminRule.NoLongerAdmin))).As<Guid>();
        var waiting = await db.ThresholdProposals.Where(p => p.Sector == sector && p.State == ThresholdProposalState.Pending).ToListAsync(cancellationToken);
        var proposal = made.Value!;
        if (waiting.Any(p => !p.IsExpiredAt(proposal.ProposedAt)))
            return (await RefuseWithinAsync(transaction, admin, "threshold-proposal:new", Outcome.Conflict(
                $"A change of the {ThresholdTargets.Label(sector).ToLowerInvariant()} is already waiting for confirmation: " +
                "it is confirmed, rejected or withdrawn before another is proposed."))).As<Guid>();
        await ExpireWithinAsync(db, waiting, proposal.Id, cancellationToken);
        db.ThresholdProposals.Add(proposal);
        await auditLog.SaveWithEntryAsync(db, admin.Name, AuditActions.ThresholdProposed, Target(proposal), Change(proposal), null, cancellationToken);
        await changes.PublishAsync(new ThresholdsChanged(proposal.Id));
        return Outcome<Guid>.Ok(proposal.Id);
    }

    /// <summary>Expired proposals the new one replaces are closed for good, each with an entry: the system, not an admin, ended them.</summary>
    private async Task ExpireWithinAsync(PortalDbContext db, IEnumerable<ThresholdProposal> expired, Guid replacedBy, CancellationToken cancellationToken)
    {
        foreach (var old in expired)
        {
            old.State = ThresholdProposalState.Expired;
            old.DecidedAt = old.ExpiresAt;
            await auditLog.AppendWithinAsync(db, "system", AuditActions.ThresholdProposalExpired, Target(old),
                $"not confirmed within {ThresholdProposal.Lifetime.TotalDays:0} days; replaced by threshold-proposal:{replacedBy}", null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public Task<Outcome> ConfirmAsync(Actor admin, Guid proposalId, CancellationToken cancellationToken = default) =>
        DecideAsync(admin, proposalId, "confirm threshold changes", AuditActions.ThresholdProposalConfirmed, async (db, proposal, now) =>
        {
            var admins = await PlatformAdmins.PairAsync(db, proposal.ProposedBy, admin.UserId, cancellationToken);
            var currentDefault = await thresholds.DefaultInAsync(db, cancellationToken);
            var current = proposal.Sector is { } s ? await thresholds.SectorMinimumInAsync(db, s, cancellationToken) : currentDefault;
            var outcome = ThresholdProposalRules.Confirm(proposal, admin, admins, current, currentDefault, now);
            if (outcome.Succeeded)
                await ApplyAsync(db, admin, proposal, now, cancellationToken);
            return outcome;
        }, cancellationToken);

    public Task<Outcome> RejectAsync(Actor admin, Guid proposalId, string? reason, CancellationToken cancellationToken = default) =>
        DecideAsync(admin, proposalId, "reject threshold changes", AuditActions.ThresholdProposalRejected,
            (_, proposal, now) => Task.FromResult(ThresholdProposalRules.Reject(proposal, admin, reason, now)), cancellationToken);

    public Task<Outcome> WithdrawAsync(Actor admin, Guid proposalId, CancellationToken cancellationToken = default) =>
        DecideAsync(admin, proposalId, "withdraw threshold changes", AuditActions.ThresholdProposalWithdrawn,
            (_, proposal, now) => Task.FromResult(ThresholdProposalRules.Withdraw(proposal, admin, now)), cancellationToken);

    private async Task<Outcome> DecideAsync(Actor admin, Guid proposalId, string work, string action,
        Func<PortalDbContext, ThresholdProposal, DateTimeOffset, Task<Outcome>> decide, CancellationToken cancellationToken)
    {
        if (AdminGuard.Refusal(admin, work) is { } refusal)
            return await RefuseAsync(admin, $"threshold-proposal:{proposalId}", Outcome.Forbidden(refusal));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Read under the write lock: a second admin deciding at the same moment sees this decision and is refused.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var proposal = await db.ThresholdProposals.FirstOrDefaultAsync(p => p.Id == proposalId, cancellationToken);
        if (proposal is null)
            return await RefuseWithinAsync(transaction, admin, $"threshold-proposal:{proposalId}", Outcome.NotFound("That proposal does not exist."));
        var outcome = await PlatformAdmins.HoldsRoleAsync(db, admin.UserId, cancellationToken)
            ? await decide(db, proposal, timeProvider.GetUtcNow())
            : Outcome.Forbidden(SecondAdminRule.NoLongerAdmin);
        if (!outcome.Succeeded)
            return await RefuseWithinAsync(transaction, admin, Target(proposal), outcome);
        await auditLog.SaveWithEntryAsync(db, admin.Name, action, Target(proposal), Change(proposal), null, cancellationToken);
        await changes.PublishAsync(new ThresholdsChanged(proposal.Id));
        return Outcome.Ok;
    }

    /// <summary>Writes the confirmed value and its <c>threshold.changed</c> entry, as a direct change was recorded before.</summary>
    private async Task ApplyAsync(PortalDbContext db, Actor admin, ThresholdProposal proposal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (proposal.Sector is { } sector)
        {
            var row = await db.SectorThresholds.FirstOrDefaultAsync(t => t.Sector == sector, cancellationToken);
            if (row is null)
                db.SectorThresholds.Add(row = new SectorThreshold { Sector = sector });
            row.Minimum = proposal.Proposed;
            row.UpdatedBy = admin.UserId; // an id, as on the default's row: an e-mail would outlive an erased account
            row.UpdatedAt = now;
        }
        else
        {
            var row = await db.PlatformThresholds.FirstOrDefaultAsync(t => t.Id == PlatformThreshold.SingleRowId, cancellationToken);
            if (row is null)
                db.PlatformThresholds.Add(row = new PlatformThreshold());
            row.Value = proposal.Proposed;
            row.UpdatedBy = admin.UserId;
            row.UpdatedAt = now;
        }
        var what = proposal.Sector is null ? "default" : "minimum";
        await auditLog.AppendWithinAsync(db, admin.Name, AuditActions.ThresholdChanged, ThresholdTargets.AuditTarget(proposal.Sector),
            $"{what} {Value(proposal.Before)} -> {Value(proposal.Proposed)}; proposal {proposal.Id}", null, cancellationToken);
        // Saved now: the confirmation's entry reads the chain's head from the database and follows this one.
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every refusal is audited, bad input included; the transaction is let go first so the entry can take the write lock.</summary>
    private async Task<Outcome> RefuseWithinAsync(IDbContextTransaction transaction, Actor actor, string target, Outcome refusal)
    {
        await transaction.RollbackAsync(CancellationToken.None);
        return await RefuseAsync(actor, target, refusal);
    }

    private async Task<Outcome> RefuseAsync(Actor actor, string target, Outcome refusal)
    {
        await auditLog.RecordAsync(actor.Name, AuditActions.ThresholdRefused, target, refusal.Error!, actor.OrganisationId, CancellationToken.None);
        return refusal;
    }

    private static string Target(ThresholdProposal proposal) => $"threshold-proposal:{proposal.Id}";

    /// <summary>Values and the target only: the reason is free text and stays in the row.</summary>
    private static string Change(ThresholdProposal proposal) =>
        $"{ThresholdTargets.AuditTarget(proposal.Sector)} {Value(proposal.Before)} -> {Value(proposal.Proposed)}";

    private static string Value(float value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
