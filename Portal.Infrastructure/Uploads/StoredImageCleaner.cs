using Microsoft.Extensions.Logging;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Imaging;

namespace Portal.Infrastructure.Uploads;

/// <summary>What one clean-up pass over the stored photos did.</summary>
public sealed record StoredImageCleanup(int Checked, int Rewritten, int Unreadable);

/// <summary>
/// Rewrites stored photos saved before uploads were stripped of everything but pixels (PNG text chunks, pHYs,
/// JPEG APPn segments other than JFIF, comments): decoded within the image limits, re-encoded as an upload is
/// now, and swapped in atomically. A clean file is left untouched, so a second pass changes nothing. A file that
/// cannot be decoded is left in place and reported, never deleted: it may be the only copy of a photo.
/// </summary>
public sealed partial class StoredImageCleaner(FileStore files, SafeImageReader reader, IAuditLog auditLog, ILogger<StoredImageCleaner> logger)
{
    public async Task<StoredImageCleanup> CleanAsync(CancellationToken cancellationToken = default)
    {
        var (checkedCount, rewritten, unreadable) = (0, 0, 0);
        foreach (var path in Directory.EnumerateFiles(files.Folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!FileStore.IsStoredName(name))
                continue;
            checkedCount++;
            try
            {
                if (!StoredMetadata.Carries(path))
                    continue;
                await RewriteAsync(name, cancellationToken);
                rewritten++;
            }
            catch (IOException) when (!File.Exists(path))
            {
                // Deleted by its owner while the pass ran: nothing left to strip.
                checkedCount--;
            }
            catch (ImageRejectedException rejected)
            {
                unreadable++;
                LogUnreadable(logger, name, rejected.Reason);
                await auditLog.RecordAsync("system", AuditActions.StoredImageUnreadable, $"file:{name}",
                    $"Left in place, not rewritten: {rejected.Reason}", cancellationToken: cancellationToken);
            }
        }
        if (rewritten > 0 || unreadable > 0)
            await auditLog.RecordAsync("system", AuditActions.StoredImagesStripped, "uploads",
                $"{checkedCount} stored photo(s) checked, {rewritten} rewritten without metadata, {unreadable} unreadable and left in place",
                cancellationToken: cancellationToken);
        return new StoredImageCleanup(checkedCount, rewritten, unreadable);
    }

    private async Task RewriteAsync(string name, CancellationToken cancellationToken)
    {
        var path = files.PathOf(name);
        var temporary = Path.Combine(files.Incoming, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var input = files.OpenRead(name))
            {
                var (image, kind) = await reader.DecodeWithKindAsync(input, cancellationToken);
                using var decoded = image;
                await using var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
                await SafeImageReader.SaveForStorageAsync(decoded, kind, output, cancellationToken);
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }
            // Replace, not move: if the photo was deleted meanwhile, it stays deleted.
            File.Replace(temporary, path, destinationBackupFileName: null);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stored photo {Name} could not be decoded and was left in place: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string name, string reason);
}
