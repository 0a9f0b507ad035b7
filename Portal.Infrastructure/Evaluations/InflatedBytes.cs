using System.IO.Compression;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// Counts the bytes really inflated from a zip, per entry and for the whole set, and stops at either cap while
/// reading: a zip bomb's header may claim any size, so only the bytes that came out are believed.
/// </summary>
internal sealed class InflatedBytes(long maxEntryBytes, long maxSetBytes)
{
    private long _total;

    public long Total => _total;

    /// <summary>A small entry (the labels file) into memory, under the same caps.</summary>
    public byte[] ReadAll(ZipArchiveEntry entry, string name)
    {
        using var copy = new MemoryStream();
        Copy(entry, name, copy);
        return copy.ToArray();
    }

    /// <summary>
    /// An entry streamed to <paramref name="target"/> (never whole in memory), each chunk counted against the disk's
    /// <paramref name="room"/> as it is written; the caller deletes the folder on refusal.
    /// </summary>
    public void CopyTo(ZipArchiveEntry entry, string name, string target, DiskRoom room)
    {
        using var file = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
        Copy(entry, name, file, room);
    }

    private void Copy(ZipArchiveEntry entry, string name, Stream target, DiskRoom? room = null)
    {
        using var source = entry.Open();
        var buffer = new byte[81920];
        long inEntry = 0;
        int read;
        while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
        {
            inEntry += read;
            _total += read;
            if (inEntry > maxEntryBytes)
                throw new EvaluationZipException($"The entry {name} inflates to more than {maxEntryBytes / (1024 * 1024)} MB; each photo must be smaller.", "entry over size cap");
            if (_total > maxSetBytes)
                throw new EvaluationZipException($"The set inflates to more than {maxSetBytes / (1024 * 1024)} MB in all; split it into smaller sets.", "set over size cap");
            target.Write(buffer, 0, read);
            room?.Written(read);
        }
    }
}
