using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;

namespace Portal.Infrastructure.Review;

/// <summary>
/// Who may review, read from the database rather than from a cookie: a user with the Reviewer role in an
/// approved organisation. Services call it themselves, so a direct call is held to the same rule as a page.
/// </summary>
public sealed class ReviewerCheck(MembershipLookup memberships)
{
    /// <summary>The reviewer's organisation, or null when this user may not review.</summary>
    public async Task<Guid?> OrganisationOfReviewerAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var membership = await memberships.FindAsync(actor.UserId, cancellationToken);
        if (membership is null || membership.Status != OrganisationStatus.Approved)
            return null;
        return await memberships.HoldsRoleAsync(actor.UserId, Roles.Reviewer, cancellationToken) ? membership.OrganisationId : null;
    }
}
