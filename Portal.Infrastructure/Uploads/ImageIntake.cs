using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Portal.Domain.Common;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Uploads;

/// <summary>The stored form of an accepted upload.</summary>
public sealed record AcceptedImage(string DisplayName, string StoredName, string OriginalSha256, int Width, int Height, long StoredBytes);

/// <summary>
/// The hardened path every uploaded photo takes: streamed to disk within the size limit (never whole in
/// memory) while its SHA-256 is computed; type from content; limits from the header; a capped, timed decode;
/// upright and stripped of metadata; re-encoded under a random name. Only the re-encoded file is kept.
/// </summary>
public sealed class ImageIntake(SafeImageReader reader, FileStore files, IOptions<UploadOptions> options)
{
    // Decoding and re-encoding a whole photo happens in the web process, for whoever has an upload page open: at
    // most one per core at a time, so twenty tabs of 40 MP photos queue rather than claim 20 × 256 MB at once.
    private readonly SemaphoreSlim _decodes = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public async Task<Outcome<AcceptedImage>> AcceptAsync(Stream content, string? fileName, long? declaredBytes = null,
        CancellationToken cancellationToken = default)
    {
        var displayName = DisplayName.Clean(fileName);
        if (declaredBytes > options.Value.MaxFileBytes)
            return Outcome<AcceptedImage>.Invalid($"The file is larger than {options.Value.MaxFileMegabytes} MB.");
        var incoming = Path.Combine(files.Incoming, Guid.NewGuid().ToString("N"));
        string? stored = null;
        try
        {
            var (sha256, length) = await CopyLimitedAsync(content, incoming, cancellationToken);
            if (length == 0)
                return Outcome<AcceptedImage>.Invalid("The file is empty.");

            await _decodes.WaitAsync(cancellationToken);
            try
            {
                await using var original = new FileStream(incoming, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                var (image, kind) = await reader.DecodeWithKindAsync(original, cancellationToken);
                using var decoded = image;
                stored = FileStore.NewName(kind);
                await using (var output = new FileStream(files.PathOf(stored), FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                    await SafeImageReader.SaveForStorageAsync(image, kind, output, cancellationToken);
                return Outcome<AcceptedImage>.Ok(new AcceptedImage(displayName, stored, sha256, image.Width, image.Height,
                    new FileInfo(files.PathOf(stored)).Length));
            }
            finally
            {
                _decodes.Release();
            }
        }
        catch (ImageRejectedException rejected)
        {
            return Outcome<AcceptedImage>.Invalid(rejected.Reason);
        }
        catch (FileTooLargeException)
        {
            return Outcome<AcceptedImage>.Invalid($"The file is larger than {options.Value.MaxFileMegabytes} MB.");
        }
        catch (Exception) when (stored is not null)
        {
            files.Delete(stored);
            throw;
        }
        finally
        {
            File.Delete(incoming);
        }
    }

    private async Task<(string Sha256, long Length)> CopyLimitedAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > options.Value.MaxFileBytes)
                throw new FileTooLargeException();
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }

    private sealed class FileTooLargeException : Exception;
}
