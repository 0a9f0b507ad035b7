using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;

namespace Portal.Infrastructure.Moratoria;

/// <summary>
/// The check every door calls — search pages, uploads, submissions, results, reviews, exports — before letting a
/// partner through: may this organisation act now? It must stand approved (read fresh, not from the cookie: a page
/// opened before a suspension keeps running) and no moratorium may block it. A refusal is audited with who, which
/// door and why.
/// </summary>
public sealed class MoratoriumGate(MembershipLookup memberships, MoratoriumSchedule schedule, IAuditLog auditLog)
{
    /// <summary>Doors, as they appear in the audit log.</summary>
    public static class Doors
    {
        public const string SearchPage = "search page";
        public const string GalleryPage = "gallery page";
        public const string GalleryUpload = "gallery upload";
        public const string ProbeUpload = "probe upload";
        public const string SubmitSearch = "submit search";
        public const string ViewResults = "view results";
        public const string Review = "review";
        public const string ExportLeads = "export leads";
    }

    /// <summary>
    /// The decision without recording a refusal: for a live page refreshing what it already shows, whose door
    /// was checked (and any refusal audited) when it was opened. Anything a person asks for goes through <see cref="CheckAsync"/>.
    /// </summary>
    public async Task<DoorVerdict> PeekAsync(Actor actor, CancellationToken cancellationToken = default) =>
        await VerdictAsync(actor, door: null, cancellationToken);

    /// <summary>The verdict at a door, a refusal audited: the one check services and pages share.</summary>
    public Task<DoorVerdict> CheckAsync(Actor actor, string door, CancellationToken cancellationToken = default) =>
        VerdictAsync(actor, door, cancellationToken);

    /// <summary>The refusal at a door (blocked or forbidden, with the message to show), or null when the organisation may act now.</summary>
    public async Task<Outcome?> RefusalAsync(Actor actor, string door, CancellationToken cancellationToken = default) =>
        (await VerdictAsync(actor, door, cancellationToken)).RefusalOutcome;

    /// <summary>
    /// <see cref="RefusalAsync"/> for the doors only partner staff use (uploads, submissions): the pages' policy asks
    /// for the role, and the service asks again, so a reviewer's or an organisation admin's session cannot reach them by
    /// calling the service some other way. The role is read fresh: one taken away stops the next action.
    /// </summary>
    public async Task<Outcome?> StaffRefusalAsync(Actor actor, string door, CancellationToken cancellationToken = default)
    {
        if (await RefusalAsync(actor, door, cancellationToken) is { } refusal)
            return refusal;
        if (await memberships.HoldsRoleAsync(actor.UserId, Roles.PartnerStaff, cancellationToken))
            return null;
        await auditLog.RecordAsync(actor.Name, AuditActions.StandingRefused, $"door:{door}",
            $"refused at the {door}: the account does not hold the partner staff role", actor.OrganisationId, cancellationToken);
        return Outcome.Forbidden("Only your organisation's partner staff can upload photos and submit searches.");
    }

    private async Task<DoorVerdict> VerdictAsync(Actor actor, string? door, CancellationToken cancellationToken)
    {
        var membership = await memberships.FindAsync(actor.UserId, cancellationToken);
        // Services pick data by the organisation in the sign-in; a page opened before a removal or a move must not
        // keep reading the old organisation's data until the sign-in is revalidated.
        if (actor.OrganisationId is { } signedInWith && membership?.OrganisationId != signedInWith)
        {
            if (door is not null)
                await auditLog.RecordAsync(actor.Name, AuditActions.StandingRefused, $"door:{door}",
                    $"refused at the {door}: signed in as a member of organisation {signedInWith}, which the account no longer belongs to",
                    signedInWith, cancellationToken);
            return new DoorVerdict(MoratoriumDecision.Allowed, membership?.Status, MembershipChanged: true);
        }
        if (membership is null)
            return DoorVerdict.Open;
        if (membership.Status != OrganisationStatus.Approved)
        {
            if (door is not null)
                await auditLog.RecordAsync(actor.Name, AuditActions.StandingRefused, $"door:{door}",
                    $"{membership.OrganisationName} refused at the {door}: the organisation is {OrganisationLifecycle.Label(membership.Status)}, not approved",
                    membership.OrganisationId, cancellationToken);
            return new DoorVerdict(MoratoriumDecision.Allowed, membership.Status);
        }
        var decision = await schedule.DecisionForAsync(membership.OrganisationId, cancellationToken);
        if (decision.IsBlocked && door is not null)
            await auditLog.RecordAsync(actor.Name, AuditActions.MoratoriumRefused, $"door:{door}",
                $"{membership.OrganisationName} refused at the {door}: blocked by {decision.Describe()}; moratoria " +
                string.Join(", ", decision.Blocks.Select(b => b.MoratoriumId)), membership.OrganisationId, cancellationToken);
        return new DoorVerdict(decision, membership.Status);
    }
}
