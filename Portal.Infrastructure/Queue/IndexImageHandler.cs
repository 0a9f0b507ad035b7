using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Faces;
using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>Finds the faces of a gallery photo and indexes every face that passes quality.</summary>
internal sealed class IndexImageHandler(
    IDbContextFactory<PortalDbContext> contextFactory,
    FaceCropMaker crops,
    FaceStore faces,
    JobGate gate,
    TimeProvider timeProvider) : IJobHandler
{
    public JobKind Kind => JobKind.IndexGalleryImage;

    public async Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken)
    {
        GalleryImage? image;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            image = await db.GalleryImages.AsNoTracking().FirstOrDefaultAsync(i => i.Id == job.SubjectId, cancellationToken);
        if (image is null)
            return; // deleted while queued: nothing left to do

        // The versions the faces will be stored under, read now to embed with each, and again under the write lock:
        // a re-index that started or switched meanwhile changes them, and the photo is then analysed again.
        IReadOnlyList<int>? versions;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            versions = await PipelineVersions.ForNewFacesAsync(db, cancellationToken);
        while (versions is not null)
            versions = await IndexAsync(job, image, versions, progress, cancellationToken);
    }

    /// <summary>Stores the photo's faces once per version; returns the versions to analyse with again when they changed meanwhile, else null.</summary>
    private async Task<IReadOnlyList<int>?> IndexAsync(RecognitionJob job, GalleryImage image, IReadOnlyList<int> analysed, ProgressReporter progress,
        CancellationToken cancellationToken)
    {
        using var photo = await crops.AnalyzeAsync(image.StoredName, analysed, cancellationToken);
        await progress(60);

        var now = timeProvider.GetUtcNow();
        await using var write = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await write.Database.BeginWriteTransactionAsync(cancellationToken);
        // Read under the write lock, so a re-index's switch is wholly before or after this. During a re-index a new
        // photo's faces are stored for both versions (searched now with the active one; already done for the target),
        // so the re-index need not come back for it. Each row holds the embedding computed with its own version.
        var versions = await PipelineVersions.ForNewFacesAsync(write, cancellationToken);
        if (!versions.All(analysed.Contains))
            return versions;
        // A suspension that began while the photo was analysed keeps its faces out of the index until reinstatement.
        await gate.ConfirmStandingAsync(write, job.OrganisationId, cancellationToken);
        // Keyed by the image: a second run replaces the first run's faces instead of adding to them.
        var previous = await write.Faces.Where(f => f.ImageId == image.Id).Select(f => f.Id).ToListAsync(cancellationToken);
        await faces.StageRemovalAsync(write, previous, cancellationToken);
        var stored = versions.SelectMany(version => photo.AnalysisAt(version).Faces.Where(f => f.Quality.Passed).Select(f => new StoredFace
        {
            GalleryId = image.GalleryId, ImageId = image.Id, X = f.Box.X, Y = f.Box.Y, Width = f.Box.Width, Height = f.Box.Height,
            DetectionScore = f.DetectionScore, Embedding = StoredFace.Pack(f.Embedding!), CreatedAt = now, PipelineVersion = version,
        })).ToList();
        await faces.StageAsync(write, stored, cancellationToken);
        var row = await write.GalleryImages.FirstOrDefaultAsync(i => i.Id == image.Id, cancellationToken);
        if (row is null)
            return null;
        // The photo's outcome is what searches see: the active version's verdicts.
        var searched = photo.AnalysisAt(versions[0]);
        var passed = searched.Faces.Count(f => f.Quality.Passed);
        var rejected = searched.Faces.Where(f => !f.Quality.Passed && f.Quality.IsFace).ToList();
        row.IndexedFaces = passed;
        row.EmbeddedVersion = versions[^1];
        row.Outcome = passed > 0 ? ImageOutcome.Indexed : rejected.Count > 0 ? ImageOutcome.BelowQuality : ImageOutcome.NoFace;
        row.OutcomeDetails = rejected.Count == 0 ? null : string.Join(" | ", rejected.Select(Describe));
        await write.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await faces.PublishAsync(CancellationToken.None);
        await crops.StoreAsync(photo, stored, previous, cancellationToken);
        return null;
    }

    public async Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.GalleryImages.Where(i => i.Id == job.SubjectId).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Outcome, ImageOutcome.Failed).SetProperty(i => i.OutcomeDetails, reason), cancellationToken);
    }

    private static string Describe(AnalysedFace face) => string.Create(CultureInfo.InvariantCulture,
        $"face at {face.Box.X:0},{face.Box.Y:0}: {string.Join("; ", face.Quality.Reasons)}");
}
