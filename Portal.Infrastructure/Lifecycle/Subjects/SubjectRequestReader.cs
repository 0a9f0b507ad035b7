using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>
/// The reads behind the deletion request pages, each limited to what the admin may see. A confirmed request reads as
/// Completed once every erasure it staged has completed: computed here, so it can never disagree with the records.
/// </summary>
public sealed class SubjectRequestReader(IDbContextFactory<PortalDbContext> contextFactory, SubjectRequestAccess access)
{
    public async Task<Outcome<IReadOnlyList<SubjectRequestRow>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return Outcome<IReadOnlyList<SubjectRequestRow>>.Forbidden(SubjectRequestAccess.Refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var requests = await SubjectRequestAccess.Visible(db, admin).AsNoTracking().OrderByDescending(r => r.RecordedAt).Take(500).ToListAsync(cancellationToken);
        var ids = requests.Select(r => r.Id).ToList();
        var matches = await db.SubjectDeletionMatches.Where(m => ids.Contains(m.RequestId)).GroupBy(m => m.RequestId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var erasures = await Erasures(db, ids).ToListAsync(cancellationToken);
        var names = await OrganisationNamesAsync(db, cancellationToken);
        return Outcome<IReadOnlyList<SubjectRequestRow>>.Ok(requests.Select(r => new SubjectRequestRow(r.Id, r.Reference, r.Requester, Where(r, names),
            Effective(r, erasures.Where(e => e.ScopeId == r.Id).ToList()), r.RecordedAt, matches.GetValueOrDefault(r.Id))).ToList());
    }

    public async Task<Outcome<SubjectRequestDetails>> DetailsAsync(Actor actor, Guid requestId, CancellationToken cancellationToken = default)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return Outcome<SubjectRequestDetails>.Forbidden(SubjectRequestAccess.Refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var request = await SubjectRequestAccess.Visible(db, admin).AsNoTracking().Include(r => r.Galleries).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
            return Outcome<SubjectRequestDetails>.NotFound();
        var names = await OrganisationNamesAsync(db, cancellationToken);
        var erasures = await Erasures(db, [requestId]).ToListAsync(cancellationToken);
        var recordedBy = await db.Users.Where(u => u.Id == request.RecordedBy)
            .Select(u => u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName).FirstOrDefaultAsync(cancellationToken) ?? "a former member";
        return Outcome<SubjectRequestDetails>.Ok(new SubjectRequestDetails(request, Effective(request, erasures), Where(request, names), recordedBy,
            await MatchesAsync(db, request, names, cancellationToken),
            erasures.Select(e => new SubjectErasureView(e.Id, names.GetValueOrDefault(e.OrganisationId, "an organisation"), e.Photos, e.Faces, e.CompletedAt)).ToList(),
            admin.IsPlatformAdmin));
    }

    /// <summary>The galleries an admin may pick: its organisation's, or (a platform admin) every organisation's.</summary>
    public async Task<Outcome<IReadOnlyList<SubjectGalleryOption>>> GalleriesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return Outcome<IReadOnlyList<SubjectGalleryOption>>.Forbidden(SubjectRequestAccess.Refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var galleries = from gallery in db.Galleries
                        join organisation in db.Organisations on gallery.OrganisationId equals organisation.Id
                        where admin.OrganisationId == null || gallery.OrganisationId == admin.OrganisationId
                        orderby organisation.Name, gallery.Name
                        select new SubjectGalleryOption(gallery.Id, gallery.Name, organisation.Id, organisation.Name);
        return Outcome<IReadOnlyList<SubjectGalleryOption>>.Ok(await galleries.ToListAsync(cancellationToken));
    }

    private static async Task<IReadOnlyList<SubjectMatchView>> MatchesAsync(PortalDbContext db, SubjectDeletionRequest request,
        Dictionary<Guid, string> names, CancellationToken cancellationToken)
    {
        var matches = await db.SubjectDeletionMatches.AsNoTracking().Where(m => m.RequestId == request.Id).OrderByDescending(m => m.Similarity)
            .ToListAsync(cancellationToken);
        var images = matches.Select(m => m.ImageId).Distinct().ToList();
        var faces = await db.Faces.Where(f => images.Contains(f.ImageId)).GroupBy(f => f.ImageId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var galleryIds = matches.Select(m => m.GalleryId).Distinct().ToList();
        var galleries = await db.Galleries.Where(g => galleryIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);
        var holds = new Dictionary<Guid, HoldCheck>();
        var views = new List<SubjectMatchView>();
        foreach (var match in matches)
        {
            var gone = !faces.ContainsKey(match.ImageId);
            var heldBy = match.HeldBy;
            if (heldBy is null && !gone && request.State is SubjectRequestState.Recorded or SubjectRequestState.Matched)
            {
                if (!holds.TryGetValue(match.OrganisationId, out var check))
                    holds[match.OrganisationId] = check = await HoldCheck.ReadAsync(db, match.OrganisationId, cancellationToken);
                heldBy = check.Keeping(HoldScope.Gallery, match.GalleryId)?.Id;
            }
            views.Add(new SubjectMatchView(match.Id, match.FaceId, match.ImageId, galleries.GetValueOrDefault(match.GalleryId, "a deleted gallery"),
                names.GetValueOrDefault(match.OrganisationId, "an organisation"), match.Similarity, Math.Max(0, faces.GetValueOrDefault(match.ImageId) - 1),
                match.Selected && heldBy is null, heldBy, gone));
        }
        return views;
    }

    private static IQueryable<ErasureRecord> Erasures(PortalDbContext db, List<Guid> requestIds) =>
        db.ErasureRecords.AsNoTracking().Where(e => e.Scope == ErasureScope.RequestPhotos && requestIds.Contains(e.ScopeId)).OrderBy(e => e.RequestedAt);

    private static SubjectRequestState Effective(SubjectDeletionRequest request, List<ErasureRecord> erasures) =>
        SubjectDeletionRules.Effective(request.State, erasures.Count, erasures.Count(e => e.CompletedAt is not null));

    private static string Where(SubjectDeletionRequest request, Dictionary<Guid, string> names) => request.Reach switch
    {
        SubjectRequestReach.Everywhere => "Every organisation",
        SubjectRequestReach.Organisation => $"Every gallery of {names.GetValueOrDefault(request.OrganisationId ?? Guid.Empty, "an organisation")}",
        _ => request.OrganisationId is { } organisationId ? $"Chosen galleries of {names.GetValueOrDefault(organisationId, "an organisation")}" : "Chosen galleries",
    };

    private static Task<Dictionary<Guid, string>> OrganisationNamesAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
}
