using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Moratoria;
using Portal.Infrastructure.Organisations;

namespace Portal.Infrastructure.Moratoria;

/// <summary>
/// The check every door calls — search pages, uploads, submissions, results — before letting a partner
/// through. A refusal is audited with who, which door and which moratoria.
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
    }

    /// <summary>
    /// The decision without recording a refusal: for a live page refreshing what it already shows, whose door
    /// was checked (and any refusal audited) when it was opened. Anything a person asks for goes through <see cref="CheckAsync"/>.
    /// </summary>
    public async Task<MoratoriumDecision> PeekAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var membership = await memberships.FindAsync(actor.UserId, cancellationToken);
        return membership is null ? MoratoriumDecision.Allowed : await schedule.DecisionForAsync(membership.OrganisationId, cancellationToken);
    }

    public async Task<MoratoriumDecision> CheckAsync(Actor actor, string door, CancellationToken cancellationToken = default)
    {
        var membership = await memberships.FindAsync(actor.UserId, cancellationToken);
        if (membership is null)
            return MoratoriumDecision.Allowed;
        var decision = await schedule.DecisionForAsync(membership.OrganisationId, cancellationToken);
        if (decision.IsBlocked)
            await auditLog.RecordAsync(actor.Name, AuditActions.MoratoriumRefused, $"door:{door}",
                $"{membership.OrganisationName} refused at the {door}: blocked by {decision.Describe()}; moratoria " +
                string.Join(", ", decision.Blocks.Select(b => b.MoratoriumId)), membership.OrganisationId, cancellationToken);
        return decision;
    }
}
