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

        using var photo = await crops.AnalyzeAsync(image.StoredName, cancellationToken);
        var analysis = photo.Analysis;
        await progress(60);

        var now = timeProvider.GetUtcNow();
        var passed = analysis.Faces.Where(f => f.Quality.Passed).ToList();
        var rejected = analysis.Faces.Where(f => !f.Quality.Passed && f.Quality.IsFace).ToList();

        await using var write = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await write.Database.BeginWriteTransactionAsync(cancellationToken);
        // A suspension that began while the photo was analysed keeps its faces out of the index until reinstatement.
        await gate.ConfirmStandingAsync(write, job.OrganisationId, cancellationToken);
        // Keyed by the image: a second run replaces the first run's faces instead of adding to them.
        var previous = await write.Faces.Where(f => f.ImageId == image.Id).Select(f => f.Id).ToListAsync(cancellationToken);
        await faces.StageRemovalAsync(write, previous, cancellationToken);
        // Read under the write lock, so a re-index's switch is wholly before or after this. During a re-index a new
        // photo's faces are stored for both versions (searched now with the active one; already done for the target),
        // so the re-index need not come back for it. Both rows hold this build's embedding (the only pipeline it has).
        var versions = await PipelineVersions.ForNewFacesAsync(write, cancellationToken);
        var stored = versions.SelectMany(version => passed.Select(f => new StoredFace
        {
            GalleryId = image.GalleryId, ImageId = image.Id, X = f.Box.X, Y = f.Box.Y, Width = f.Box.Width, Height = f.Box.Height,
            DetectionScore = f.DetectionScore, Embedding = StoredFace.Pack(f.Embedding!), CreatedAt = now, PipelineVersion = version,
        })).ToList();
        await faces.StageAsync(write, stored, cancellationToken);
        var row = await write.GalleryImages.FirstOrDefaultAsync(i => i.Id == image.Id, cancellationToken);
        if (row is null)
            return;
        row.IndexedFaces = passed.Count;
        row.EmbeddedVersion = versions[^1];
        row.Outcome = passed.Count > 0 ? ImageOutcome.Indexed : rejected.Count > 0 ? ImageOutcome.BelowQuality : ImageOutcome.NoFace;
        row.OutcomeDetails = rejected.Count == 0 ? null : string.Join(" | ", rejected.Select(Describe));
        await write.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await faces.PublishAsync(CancellationToken.None);
        await crops.StoreAsync(photo, stored, previous, cancellationToken);
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
