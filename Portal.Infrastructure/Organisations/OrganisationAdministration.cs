using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Organisations;

/// <summary>The platform admin's vetting work: the approvals queue and every status change.</summary>
public sealed class OrganisationAdministration(
    SessionTerminator sessions,
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    Notifier<StandingChanged> standingChanges,
    TimeProvider timeProvider)
{
    /// <summary>Applications appear only once the applicant confirmed their email. Anyone but a platform admin is refused.</summary>
    public async Task<Outcome<IReadOnlyList<OrganisationSummary>>> ListAsync(Actor actor, OrganisationFilter filter, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "list organisations") is { } refusal)
            return Outcome<IReadOnlyList<OrganisationSummary>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Organisations.AsNoTracking().Where(o => o.ApplicationConfirmedAt != null);
        if (filter.Status is { } status)
            query = query.Where(o => o.Status == status);
        if (filter.Sector is { } sector)
            query = query.Where(o => o.Sector == sector);
        var rows = await query
            .Select(o => new OrganisationSummary(o.Id, o.Name, o.Sector, o.Country, o.Status, o.CreatedAt, o.ApplicationConfirmedAt))
            .ToListAsync(cancellationToken);
        // Oldest waiting first: the queue is worked in order of arrival.
        return Outcome<IReadOnlyList<OrganisationSummary>>.Ok(rows.OrderBy(o => o.ApplicationConfirmedAt ?? o.CreatedAt).ToList());
    }

    /// <summary>
    /// A platform admin sees any organisation; a member sees only their own. Anyone else is told "not found", the same
    /// as for an organisation that does not exist, so an id reveals nothing.
    /// </summary>
    public async Task<Outcome<OrganisationDetails>> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "see other organisations") is not null && actor.OrganisationId != id)
            return Outcome<OrganisationDetails>.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var o = await db.Organisations.AsNoTracking().Include(x => x.History).FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        return o is null ? Outcome<OrganisationDetails>.NotFound() : Outcome<OrganisationDetails>.Ok(new OrganisationDetails(o.Id, o.Name, o.Sector, o.Country, o.Website, o.ContactPerson,
            o.MissionStatement, o.RequestedPurposes, o.GrantedPurposes, o.Status, o.DataUseAgreementVersion,
            o.DataUseAgreementAcceptedAt, o.CreatedAt, o.ApplicationConfirmedAt,
            o.History.OrderBy(h => h.At).ThenBy(h => h.Id).Select(h => new StatusChangeView(h.From, h.To, h.Actor, h.At, h.Reason)).ToList()));
    }

    public Task<Outcome> ApproveAsync(Actor actor, Guid id, Purpose granted, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, organisation => organisation.Approve(granted, actor.Name, reason, timeProvider.GetUtcNow()),
            $"; granted {Purposes.LabelAll(granted)}", cancellationToken);

    /// <summary>Start review, reject, suspend or reinstate (approval grants purposes, so it has its own method).</summary>
    public Task<Outcome> ChangeStatusAsync(Actor actor, Guid id, OrganisationStatus to, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, organisation =>
            to == OrganisationStatus.Approved && organisation.Status != OrganisationStatus.Suspended
                ? Outcome.Invalid("Approving grants purposes: use Approve.")
                : organisation.ChangeStatus(to, actor.Name, reason, timeProvider.GetUtcNow()), "", cancellationToken);

    private async Task<Outcome> ChangeAsync(Actor actor, Guid id, Func<Organisation, Outcome> change, string extraDetails,
        CancellationToken cancellationToken)
    {
        if (AdminGuard.Refusal(actor, "vet organisations") is { } refusal)
            return Outcome.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Read under the write lock: two admins deciding at once decide in turn, each on the status the other left.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var organisation = await db.Organisations.Include(o => o.History).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organisation is null)
            return Outcome.NotFound("That organisation does not exist.");
        var from = organisation.Status;
        var outcome = change(organisation);
        if (!outcome.Succeeded)
            return outcome;

        var reason = organisation.History[^1].Reason;
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.PartnerStatusChanged, $"organisation:{id}",
            $"{organisation.Name}: {OrganisationLifecycle.Label(from)} -> {OrganisationLifecycle.Label(organisation.Status)}{extraDetails}; reason: {reason}", id, cancellationToken);
        // Committed: ending the sessions of a suspended or rejected organisation must not stop half-way.
        if (organisation.Status is OrganisationStatus.Suspended or OrganisationStatus.Rejected)
            await sessions.EndSessionsOfAsync([id], CancellationToken.None);
        if (from != organisation.Status)
            await standingChanges.PublishAsync(new StandingChanged(id));
        return Outcome.Ok;
    }
}
