using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>Who may handle deletion requests: a platform admin (every one), or an approved organisation's admin (its own organisation's).</summary>
public sealed record SubjectAdmin(Actor Actor, Guid? OrganisationId)
{
    public bool IsPlatformAdmin => OrganisationId is null;
}

/// <summary>The one check of who may see and change a deletion request, used by every door (pages, crops, services).</summary>
public sealed class SubjectRequestAccess(MembershipLookup memberships)
{
    public const string Refusal = "Only your organisation's admins and platform admins handle deletion requests.";

    /// <summary>The admin acting, or null when the actor may not handle deletion requests at all.</summary>
    public async Task<SubjectAdmin?> AdminAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.IsPlatformAdmin)
            return new SubjectAdmin(actor, null);
        return await memberships.FindAsync(actor.UserId, cancellationToken) is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved } membership
            ? new SubjectAdmin(actor, membership.OrganisationId)
            : null;
    }

    /// <summary>The requests this admin may see: all for a platform admin; otherwise those of its organisation.</summary>
    public static IQueryable<SubjectDeletionRequest> Visible(PortalDbContext db, SubjectAdmin admin) => admin.OrganisationId is { } organisationId
        ? db.SubjectDeletionRequests.Where(r => r.OrganisationId == organisationId)
        : db.SubjectDeletionRequests;

    /// <summary>The galleries a request searches, as a query (its organisation's, the chosen ones, or every gallery).</summary>
    public static IQueryable<Guid> GalleriesInScope(PortalDbContext db, SubjectDeletionRequest request)
    {
        var chosen = db.Set<SubjectDeletionGallery>().Where(g => g.RequestId == request.Id).Select(g => g.GalleryId);
        var galleries = request.Reach switch
        {
            SubjectRequestReach.Organisation => db.Galleries.Where(g => g.OrganisationId == request.OrganisationId),
            SubjectRequestReach.Galleries => db.Galleries.Where(g => chosen.Contains(g.Id)),
            _ => db.Galleries,
        };
        // A request of one organisation never reaches another's gallery, whatever was stored with it.
        if (request.OrganisationId is { } organisationId)
            galleries = galleries.Where(g => g.OrganisationId == organisationId);
        return galleries.Select(g => g.Id);
    }
}
