using Microsoft.Extensions.Hosting.Internal;
using Portal.Domain.Faces;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Portal.Infrastructure.Evaluations;

/// <summary>What became of one photo: its best face's embedding, no usable face, or refused with the portal's reason.</summary>
public sealed record PhotoReading(string File, float[]? Embedding, string? Refusal)
{
    public bool Refused => Refusal is not null;
    public bool NoFace => Refusal is null && Embedding is null;
}

/// <summary>
/// Evaluation photos taken exactly as the portal takes an upload: <see cref="ImageIntake"/> (size limit, type from
/// the bytes, capped decode, re-encoded as stored) and then the pipeline on the stored file, as the queue analyses
/// it. So an evaluation measures what the portal would do, and an image the portal refuses is counted as refused
/// with its reason instead of ending the run. Used by the portal's evaluation job and by the benchmark command, so
/// both measure the same path. Stored files live in <c>workFolder</c> (its own store, never the portal's uploads),
/// each deleted as soon as read, and the folder itself on dispose.
/// </summary>
public sealed class UploadedPhotos : IDisposable
{
    private readonly string _data;
    private readonly FileStore _files;
    private readonly ImageIntake _intake;
    private readonly IFaceAnalyzer _pipeline;

    /// <summary>The refusal of a listed photo that is not on disk.</summary>
    public const string MissingPhoto = "The photo was not found with the set.";

    public UploadedPhotos(IFaceAnalyzer pipeline, SafeImageReader reader, string workFolder)
    {
        _pipeline = pipeline;
        _data = Directory.CreateDirectory(workFolder).FullName;
        var paths = new DataPaths(MsOptions.Create(new PortalOptions { DataDirectory = _data }), new HostingEnvironment { ContentRootPath = _data });
        _files = new FileStore(paths);
        _intake = new ImageIntake(reader, _files, MsOptions.Create(new UploadOptions()));
    }

    public async Task<PhotoReading> ReadAsync(string root, string relativePath, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(root, relativePath);
        if (!File.Exists(path))
            // Plain words: the reason is counted in a stored (and published) report, which must never name a server path.
            return new PhotoReading(relativePath, null, MissingPhoto);
        string stored;
        await using (var upload = File.OpenRead(path))
        {
            var accepted = await _intake.AcceptAsync(upload, Path.GetFileName(path), upload.Length, cancellationToken: cancellationToken);
            if (!accepted.Succeeded)
                return new PhotoReading(relativePath, null, accepted.Error);
            stored = accepted.Value!.StoredName;
        }
        try
        {
            await using var file = _files.OpenRead(stored);
            var analysis = await _pipeline.AnalyzeAsync(file, cancellationToken);
            // Faces come best first (detection score, then size); the first that passes quality is the one a
            // one-face photo contributes to the index, so it is the one scored here.
            return new PhotoReading(relativePath, analysis.Faces.FirstOrDefault(f => f.Quality.Passed)?.Embedding, null);
        }
        catch (ImageRejectedException rejected)
        {
            return new PhotoReading(relativePath, null, rejected.Reason);
        }
        finally
        {
            _files.Delete(stored);
        }
    }

    /// <summary>Every photo once, in the order given (each path read once even when listed in several pairs).</summary>
    public async Task<Dictionary<string, PhotoReading>> ReadAllAsync(string root, IEnumerable<string> relativePaths,
        CancellationToken cancellationToken = default)
    {
        var readings = new Dictionary<string, PhotoReading>(StringComparer.Ordinal);
        foreach (var path in relativePaths.Distinct(StringComparer.Ordinal))
            readings[path] = await ReadAsync(root, path, cancellationToken);
        return readings;
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }
}
