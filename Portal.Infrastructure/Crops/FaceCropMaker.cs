using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Crops;

/// <summary>
/// For the queue jobs: analyses a stored photo and, from that same decode, stores the crops of the faces the job
/// kept. Crops are written after the job's faces are committed, so a failed commit leaves no crop of a face that
/// never existed; a crop lost between commit and write is cut again on request, behind <see cref="CropDecodeGate"/>.
/// </summary>
public sealed class FaceCropMaker(
    IDbContextFactory<PortalDbContext> contextFactory,
    FacePipeline pipeline,
    FileStore files,
    CropFiles crops)
{
    /// <summary>The stored photo analysed with one pipeline version: its embeddings are that version's.</summary>
    public Task<AnalysedPhoto> AnalyzeAsync(string storedName, int version, CancellationToken cancellationToken) =>
        AnalyzeAsync(storedName, [version], cancellationToken);

    /// <summary>The stored photo analysed once per version, from one decode, one detection and one set of landmarks.</summary>
    public async Task<AnalysedPhoto> AnalyzeAsync(string storedName, IReadOnlyList<int> versions, CancellationToken cancellationToken)
    {
        await using var stream = files.OpenRead(storedName);
        var (analyses, image) = await pipeline.AnalyzeKeepingImageAsync(stream, versions, cancellationToken);
        return new AnalysedPhoto(versions, analyses, image);
    }

    /// <summary>Crops of a gallery photo's indexed faces; those of the faces they <paramref name="replaced"/> (an earlier run) go.</summary>
    public async Task StoreAsync(AnalysedPhoto photo, IReadOnlyList<StoredFace> indexed, IReadOnlyCollection<Guid> replaced, CancellationToken cancellationToken)
    {
        crops.Delete(replaced);
        await WriteAsync(photo, indexed.Select(f => new Region(f.Id, f.X, f.Y, f.Width, f.Height)).ToList(),
            (db, ids) => db.Faces.Where(f => ids.Contains(f.Id)).Select(f => f.Id), cancellationToken);
    }

    /// <summary>Crops of a probe photo's faces, shown beside their candidates.</summary>
    public Task StoreAsync(AnalysedPhoto photo, IReadOnlyList<ProbeFace> found, CancellationToken cancellationToken) =>
        WriteAsync(photo, found.Select(f => new Region(f.Id, f.X, f.Y, f.Width, f.Height)).ToList(),
            (db, ids) => db.ProbeFaces.Where(f => ids.Contains(f.Id)).Select(f => f.Id), cancellationToken);

    private sealed record Region(Guid FaceId, float X, float Y, float Width, float Height);

    /// <summary>
    /// A photo deleted while its crops were being written: deletion removes the rows, then the files; checking the
    /// rows after writing means one side or the other always removes the crop, so none outlives its face.
    /// </summary>
    private async Task WriteAsync(AnalysedPhoto photo, List<Region> faces, Func<PortalDbContext, List<Guid>, IQueryable<Guid>> existing,
        CancellationToken cancellationToken)
    {
        if (faces.Count == 0)
            return;
        try
        {
            foreach (var face in faces)
                await crops.WriteAsync(face.FaceId, await CropCutter.CutAsync(photo.Image, face.X, face.Y, face.Width, face.Height, cancellationToken), cancellationToken);
        }
        finally
        {
            // Not cancellable: once a crop may be on disk, this check has to run.
            var written = faces.Select(f => f.FaceId).ToList();
            await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
            var kept = await existing(db, written).ToListAsync(CancellationToken.None);
            crops.Delete(written.Except(kept));
        }
    }
}
