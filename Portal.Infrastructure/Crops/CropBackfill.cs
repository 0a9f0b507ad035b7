using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Crops;

/// <summary>
/// The crop of a face that has none stored (indexed before crops were stored at indexing): its photo is decoded
/// once, behind <see cref="CropDecodeGate"/>, and the crop is stored so later requests never decode it again.
/// </summary>
public sealed class CropBackfill(
    IDbContextFactory<PortalDbContext> contextFactory,
    FileStore files,
    SafeImageReader reader,
    CropFiles crops,
    CropDecodeGate gate)
{
    /// <summary>The face's crops, or null when every decode slot stayed busy for the gate's whole wait.</summary>
    public async Task<FaceCrop?> CutAsync(Guid faceId, string storedName, float x, float y, float width, float height, CancellationToken cancellationToken)
    {
        using var slot = await gate.TryEnterAsync(cancellationToken);
        if (slot is null)
            return null;
        // Another request may have cut it while this one waited for its slot.
        if (await crops.ReadAsync(faceId, large: false, cancellationToken) is { } standard
            && await crops.ReadAsync(faceId, large: true, cancellationToken) is { } large)
            return new FaceCrop(standard, large);

        FaceCrop crop;
        await using (var stream = files.OpenRead(storedName))
        using (var image = await reader.DecodeAsync(stream, cancellationToken))
            crop = await CropCutter.CutAsync(image, x, y, width, height, cancellationToken);
        await crops.WriteAsync(faceId, crop, cancellationToken);
        // The face may have been deleted while its photo was decoded: then the crop must not outlive it.
        await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
        if (!await db.Faces.AnyAsync(f => f.Id == faceId, CancellationToken.None) && !await db.ProbeFaces.AnyAsync(f => f.Id == faceId, CancellationToken.None))
            crops.Delete([faceId]);
        return crop;
    }
}
