using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>Where the deletion log ended when last written: the last line's position and MAC.</summary>
internal sealed record DeletionLogAnchor(long Position, string Mac);

/// <summary>
/// The deletion log's signed head, a small file beside it (<c>deletions.log.head</c>). The chain inside the log proves that
/// no line was edited, removed or reordered before its last line; only something outside the log can prove that no line was
/// cut from its end. Signed with the audit key, so it cannot be written again to match a shortened log.
/// </summary>
internal sealed class DeletionLogHead(string path, byte[] key)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string FilePath => path;

    /// <summary>The anchor, or null when there is no head file; throws when it is unreadable or its signature does not match.</summary>
    public DeletionLogAnchor? Read()
    {
        if (!File.Exists(path))
            return null;
        Stored? stored;
        try
        {
            stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path, Encoding.UTF8), Json);
        }
        catch (JsonException)
        {
            stored = null;
        }
        if (stored is null || stored.Mac is null || stored.Signature is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored.Signature), Encoding.ASCII.GetBytes(Sign(stored.Position, stored.Mac))))
            throw new DeletionLogBrokenException($"The deletion log's head {path} does not carry the audit key's signature (edited, damaged, or written with another key).");
        return new DeletionLogAnchor(stored.Position, stored.Mac);
    }

    /// <summary>
    /// Throws unless the log at <paramref name="logPath"/> reaches its head: the head's position exists and holds the line
    /// whose MAC the head recorded (<paramref name="macAt"/> gives a position's MAC, checked). Lines after the head are
    /// accepted: each is signed and chained, and a crash between an append and its head leaves one. Returns false when there
    /// is no head: fine for an empty log, and accepted for a log whose lines were all written before heads existed (the caller
    /// then writes one; that log's tail could have been cut before this version ran, and nothing can tell now). A log
    /// holding a line written since (<paramref name="anchoredLines"/>, <c>"v":2</c>) must have its head.
    /// </summary>
    public bool Verify(string logPath, int lineCount, bool anchoredLines, Func<int, string> macAt)
    {
        if (Read() is not { } anchor)
        {
            if (anchoredLines)
                throw new DeletionLogBrokenException($"The deletion log's head {path} is missing, but the log {logPath} was written with one: its end cannot be trusted.");
            return false;
        }
        if (anchor.Position > lineCount)
            throw new DeletionLogBrokenException($"The deletion log {logPath} ends at position {lineCount}, but its head says it reached position {anchor.Position}: its last lines were removed.");
        if (anchor.Position > 0 && macAt((int)anchor.Position) != anchor.Mac)
            throw new DeletionLogBrokenException($"The deletion log {logPath} does not hold, at position {anchor.Position}, the line its head recorded: it was cut and written again, or replaced.");
        return true;
    }

    /// <summary>
    /// Replaces the head atomically: written to a temporary file beside it, flushed to disk, then moved over it, so a crash
    /// leaves the old head or the new one, never half of one. The caller holds the log's lock.
    /// </summary>
    public void Write(DeletionLogAnchor anchor)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var text = JsonSerializer.Serialize(new Stored(anchor.Position, anchor.Mac, Sign(anchor.Position, anchor.Mac)), Json);
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.UTF8.GetBytes(text));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private string Sign(long position, string mac) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"deletions.log.head\n{position}\n{mac}")));

    private sealed record Stored(long Position, string? Mac, string? Signature);
}
