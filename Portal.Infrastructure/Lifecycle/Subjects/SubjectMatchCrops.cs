using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>
/// The crop of a request's match, for the admin confirming it. The result pages' crop endpoint serves partner members only
/// (and only galleries their organisation may search); a platform admin handling a request belongs to no organisation. So
/// this door serves a face only as a match of a request the admin may see, and nothing else.
/// </summary>
public sealed class SubjectMatchCrops(IDbContextFactory<PortalDbContext> contextFactory, SubjectRequestAccess access, CropFiles crops, CropBackfill backfill)
{
    public async Task<Outcome<ServedCrop>> MatchFaceAsync(Actor actor, Guid requestId, Guid faceId, CancellationToken cancellationToken)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return Outcome<ServedCrop>.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var region = await (from match in db.SubjectDeletionMatches
                            join request in SubjectRequestAccess.Visible(db, admin) on match.RequestId equals request.Id
                            join face in db.Faces on match.FaceId equals face.Id
                            join image in db.GalleryImages on face.ImageId equals image.Id
                            where match.RequestId == requestId && match.FaceId == faceId && image.OrganisationId == match.OrganisationId
                            select new { face.Id, image.StoredName, face.X, face.Y, face.Width, face.Height }).FirstOrDefaultAsync(cancellationToken);
        if (region is null)
            return Outcome<ServedCrop>.NotFound();
        if (await crops.ReadAsync(region.Id, false, cancellationToken) is { } stored)
            return Outcome<ServedCrop>.Ok(new ServedCrop(stored));
        var cut = await backfill.CutAsync(region.Id, region.StoredName, region.X, region.Y, region.Width, region.Height, cancellationToken);
        return Outcome<ServedCrop>.Ok(cut is null ? ServedCrop.Busy : new ServedCrop(cut.Standard));
    }
}
