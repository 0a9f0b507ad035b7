using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Cases;

/// <summary>A face crop as JPEG, or <see cref="Busy"/>: it has to be cut from its photo and every decode slot is taken, so try again shortly.</summary>
public sealed record ServedCrop(byte[]? Jpeg)
{
    public static ServedCrop Busy { get; } = new((byte[]?)null);

    public bool IsBusy => Jpeg is null;
}

/// <summary>
/// The face crops shown on result and review pages: stored when the face was indexed or searched (or cut once,
/// behind a gate, for a face from before that), only for the organisation the probe or gallery belongs to (or a
/// gallery shared with it).
/// </summary>
public sealed class FaceCrops(
    IDbContextFactory<PortalDbContext> contextFactory,
    GalleryAccess access,
    CropFiles crops,
    CropBackfill backfill,
    MoratoriumGate gate)
{
    public async Task<Outcome<ServedCrop>> ProbeFaceAsync(Actor actor, Guid probeFaceId, bool large, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var region = await ProbeRegions(db).FirstOrDefaultAsync(r => r.FaceId == probeFaceId && r.Owner == actor.OrganisationId, cancellationToken);
        return region is null ? Outcome<ServedCrop>.NotFound() : await CropAsync(actor, region, large, cancellationToken);
    }

    public async Task<Outcome<ServedCrop>> GalleryFaceAsync(Actor actor, Guid faceId, bool large, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var region = await GalleryRegions(db).FirstOrDefaultAsync(r => r.FaceId == faceId, cancellationToken);
        if (region is null || actor.OrganisationId is not { } organisationId || !await access.CanReadAsync(organisationId, region.Owner, cancellationToken))
            return Outcome<ServedCrop>.NotFound();
        return await CropAsync(actor, region, large, cancellationToken);
    }

    /// <summary>
    /// Either face of a disputed candidate, for the platform admin who settles it (admins belong to no
    /// organisation). Only while the candidate is disputed: other candidates are not an admin's to look at.
    /// </summary>
    public async Task<Outcome<ServedCrop>> DisputedFaceAsync(Actor admin, Guid candidateId, bool probeSide, bool large,
        CancellationToken cancellationToken)
    {
        if (AdminGuard.Refusal(admin, "see disputed faces") is not null)
            return Outcome<ServedCrop>.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var candidate = await db.Candidates.AsNoTracking()
            .FirstOrDefaultAsync(c => c.Id == candidateId && c.ReviewState == Domain.Review.ReviewState.Disputed, cancellationToken);
        if (candidate is null)
            return Outcome<ServedCrop>.NotFound();
        var region = probeSide
            ? await ProbeRegions(db).FirstOrDefaultAsync(r => r.FaceId == candidate.ProbeFaceId, cancellationToken)
            : await GalleryRegions(db).FirstOrDefaultAsync(r => r.FaceId == candidate.FaceId, cancellationToken);
        return region is null ? Outcome<ServedCrop>.NotFound() : await CropAsync(admin, region, large, cancellationToken);
    }

    /// <summary>Where a face is, and in which stored photo. <see cref="Owner"/> is the probe's organisation or the photo's gallery.</summary>
    private sealed class FaceRegion
    {
        public Guid FaceId { get; init; }
        public Guid Owner { get; init; }
        public required string StoredName { get; init; }
        public float X { get; init; }
        public float Y { get; init; }
        public float Width { get; init; }
        public float Height { get; init; }
    }

    // A face in the trash (its photo, gallery or case deleted and awaiting purge) is served to nobody: whoever deleted it
    // expects it gone, a family's request included, and restoring it brings it back.
    private static IQueryable<FaceRegion> ProbeRegions(PortalDbContext db) =>
        from face in db.ProbeFaces
        join probe in db.Probes on face.ProbeId equals probe.Id
        where probe.PurgedAt == null && !db.Cases.Any(c => c.Id == probe.CaseId && c.TrashedAt != null)
        select new FaceRegion { FaceId = face.Id, Owner = probe.OrganisationId, StoredName = probe.StoredName, X = face.X, Y = face.Y, Width = face.Width, Height = face.Height };

    private static IQueryable<FaceRegion> GalleryRegions(PortalDbContext db) =>
        from face in db.Faces
        join image in db.GalleryImages on face.ImageId equals image.Id
        where image.TrashedAt == null && !db.Galleries.Any(g => g.Id == image.GalleryId && g.TrashedAt != null)
        select new FaceRegion { FaceId = face.Id, Owner = image.GalleryId, StoredName = image.StoredName, X = face.X, Y = face.Y, Width = face.Width, Height = face.Height };

    private async Task<Outcome<ServedCrop>> CropAsync(Actor actor, FaceRegion region, bool large, CancellationToken cancellationToken)
    {
        if ((await gate.CheckAsync(actor, MoratoriumGate.Doors.ViewResults, cancellationToken)).RefusalOutcome is { } refused)
            return refused.As<ServedCrop>();
        if (await crops.ReadAsync(region.FaceId, large, cancellationToken) is { } stored)
            return Outcome<ServedCrop>.Ok(new ServedCrop(stored));
        var cut = await backfill.CutAsync(region.FaceId, region.StoredName, region.X, region.Y, region.Width, region.Height, cancellationToken);
        return Outcome<ServedCrop>.Ok(cut is null ? ServedCrop.Busy : new ServedCrop(large ? cut.Large : cut.Standard));
    }
}
