using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Crops;

/// <summary>One face's crops as stored: <see cref="Standard"/> for result pages, <see cref="Large"/> for the review screen's zoom.</summary>
public sealed record FaceCrop(byte[] Standard, byte[] Large);

/// <summary>
/// Stored face crops, in a folder of the file store (outside any web root). A crop's name is derived from its
/// face's id, so no column has to be kept in step: a face either has its two files or is cut again on request.
/// </summary>
public sealed class CropFiles(FileStore files)
{
    public string Folder { get; } = Directory.CreateDirectory(Path.Combine(files.Folder, "crops")).FullName;

    public string PathOf(Guid faceId, bool large) => Path.Combine(Folder, faceId.ToString("N") + (large ? ".large.jpg" : ".jpg"));

    /// <summary>The stored crop, or null when this face has none (indexed before crops were stored, or its write was lost).</summary>
    public async Task<byte[]?> ReadAsync(Guid faceId, bool large, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(PathOf(faceId, large), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Writes both files, each to a temporary name first and then moved over any earlier one: a reader never
    /// sees half a file, and a job run twice simply replaces what the first run wrote.
    /// </summary>
    public async Task WriteAsync(Guid faceId, FaceCrop crop, CancellationToken cancellationToken = default)
    {
        await WriteFileAsync(PathOf(faceId, large: true), crop.Large, cancellationToken);
        await WriteFileAsync(PathOf(faceId, large: false), crop.Standard, cancellationToken);
    }

    public void Delete(IEnumerable<Guid> faceIds)
    {
        foreach (var faceId in faceIds)
        {
            File.Delete(PathOf(faceId, large: false));
            File.Delete(PathOf(faceId, large: true));
        }
    }

    private static async Task WriteFileAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
