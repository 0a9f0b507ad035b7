using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>What an erasure's scope still holds, always within the record's organisation (a record can never reach another's data).</summary>
internal static class ErasureTargets
{
    public static async Task<ErasureTarget> ReadAsync(PortalDbContext db, ErasureRecord record, CancellationToken cancellationToken) =>
        record.Scope == ErasureScope.Case ? await CaseAsync(db, record, cancellationToken) : await ImagesAsync(db, record, cancellationToken);

    /// <summary>The gallery faces of a photo, gallery, request's photos (every face of each) or single face (their crops are named by face id).</summary>
    public static IQueryable<Guid> FaceIds(PortalDbContext db, ErasureRecord record)
    {
        var faces = from face in db.Faces
                    join gallery in db.Galleries on face.GalleryId equals gallery.Id
                    where gallery.OrganisationId == record.OrganisationId
                    select face;
        return (record.Scope switch
        {
            ErasureScope.Photo => faces.Where(f => f.ImageId == record.ScopeId),
            ErasureScope.Gallery => faces.Where(f => f.GalleryId == record.ScopeId),
            ErasureScope.RequestPhotos => faces.Where(f => RequestImageIds(db, record).Contains(f.ImageId)),
            _ => faces.Where(f => f.Id == record.ScopeId),
        }).Select(f => f.Id);
    }

    /// <summary>The photo rows of a photo, gallery or request's selected matches; none for a single face, whose photo stays.</summary>
    public static IQueryable<Domain.Galleries.GalleryImage> Images(PortalDbContext db, ErasureRecord record)
    {
        var images = db.GalleryImages.Where(i => i.OrganisationId == record.OrganisationId);
        return record.Scope switch
        {
            ErasureScope.Photo => images.Where(i => i.Id == record.ScopeId),
            ErasureScope.Gallery => images.Where(i => i.GalleryId == record.ScopeId),
            ErasureScope.RequestPhotos => images.Where(i => RequestImageIds(db, record).Contains(i.Id)),
            _ => images.Where(_ => false),
        };
    }

    /// <summary>
    /// The photos of a deletion request's selected matches in the record's organisation: the whole photo goes, with every
    /// face in it, because leaving the original behind is how peer systems failed such requests. Held matches were deselected.
    /// </summary>
    private static IQueryable<Guid> RequestImageIds(PortalDbContext db, ErasureRecord record) =>
        db.SubjectDeletionMatches.Where(m => m.RequestId == record.ScopeId && m.OrganisationId == record.OrganisationId && m.Selected)
            .Select(m => m.ImageId);

    private static async Task<ErasureTarget> ImagesAsync(PortalDbContext db, ErasureRecord record, CancellationToken cancellationToken)
    {
        var images = await Images(db, record).Select(i => new { i.Id, i.StoredName, i.JobId }).ToListAsync(cancellationToken);
        var faceIds = await FaceIds(db, record).ToListAsync(cancellationToken);
        // The organisation's own cases' candidates on these faces stay (ids, score, verdict) with their photo gone: the
        // certificate says how many. Other organisations' searches of a shared gallery are theirs, not counted here.
        var candidates = await db.Candidates.CountAsync(c => faceIds.Contains(c.FaceId) && c.OrganisationId == record.OrganisationId, cancellationToken);
        return new ErasureTarget(images.Select(i => i.StoredName).ToList(), faceIds, images.Select(i => i.JobId).ToList(),
            [.. images.Select(i => i.Id), .. faceIds], images.Count, 0, candidates) { ImageIds = images.Select(i => i.Id).ToList() };
    }

    private static async Task<ErasureTarget> CaseAsync(PortalDbContext db, ErasureRecord record, CancellationToken cancellationToken)
    {
        var probes = await db.Probes.Where(p => p.CaseId == record.ScopeId && p.OrganisationId == record.OrganisationId)
            .Select(p => new { p.Id, p.StoredName, p.JobId }).ToListAsync(cancellationToken);
        var probeIds = probes.Select(p => p.Id).ToList();
        var probeFaceIds = await db.ProbeFaces.Where(f => probeIds.Contains(f.ProbeId)).Select(f => f.Id).ToListAsync(cancellationToken);
        var candidates = await db.Candidates.CountAsync(c => c.CaseId == record.ScopeId, cancellationToken);
        return new ErasureTarget(probes.Select(p => p.StoredName).ToList(), probeFaceIds, probes.Select(p => p.JobId).ToList(),
            [.. probeIds, .. probeFaceIds], probes.Count, probes.Count, candidates);
    }
}
