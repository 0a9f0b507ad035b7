using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// <see cref="IDeletionLog"/> as a file of JSON lines outside the data directory. Each line carries its record, the MAC
/// of the line before it and its own MAC (HMAC-SHA256 with the audit key over both), so an edited line fails its MAC and
/// a removed one breaks the chain and the run of positions. Lines are written under a whole-file lock and flushed to disk.
/// The end is anchored by a signed head beside the file (<see cref="DeletionLogHead"/>), rewritten after each append under
/// the same lock, so cutting the last lines is noticed too: every read and every append checks the log reaches the head.
/// Lines written since the head exists carry <c>"v":2</c> inside their MAC, so a log with such a line cannot pass for one
/// written before heads existed once its head is deleted.
/// </summary>
public sealed class FileDeletionLog : IDeletionLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AuditKey _key;
    private readonly TimeProvider _time;
    private readonly DeletionLogHead _head;

    public FileDeletionLog(AuditKey key, TimeProvider time, IOptions<DeletionLogOptions> options, DataPaths paths)
    {
        (_key, _time) = (key, time);
        FilePath = Path.GetFullPath(options.Value.File ?? Path.Combine(Path.GetDirectoryName(key.CheckpointFile)!, "deletions.log"));
        if (FilePath.StartsWith(paths.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new InvalidOperationException($"{DeletionLogOptions.Section}:File must lie outside the data directory ({paths.Root}): a restore of the data directory must not bring back an older log.");
        _head = new DeletionLogHead(FilePath + ".head", key.Bytes);
    }

    public string FilePath { get; }

    public async Task<DeletionRecord> AppendAsync(DeletionRecord record, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var stream = await OpenAsync(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, cancellationToken);
            var lines = await ReadLinesAsync(stream, cancellationToken);
            var last = lines.Count == 0 ? null : Check(lines[^1], lines.Count, previousMac: null);
            // Before anything is added: appending to a cut log and re-signing the head would hide the cut for good.
            CheckHead(lines, last);
            var stored = record with { Position = (last?.Record.Position ?? 0) + 1, At = _time.GetUtcNow() };
            var body = JsonSerializer.Serialize(stored, Json);
            var previous = last?.Mac ?? "";
            // Written by hand around the body, so the text read back is byte for byte the text signed (MACs are hex).
            var mac = Mac(previous, body, LineVersion);
            var line = $"{{\"record\":{body},\"previous\":\"{previous}\",\"mac\":\"{mac}\",\"v\":{LineVersion}}}";
            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);
            // On disk before the caller reports the deletion done: a restore replays only what this file holds.
            stream.Flush(flushToDisk: true);
            // Still under the lock (the file is held exclusively): no other append can come between the line and its head.
            // A crash between the two leaves the head one line behind, which a read accepts (see CheckHead).
            _head.Write(new DeletionLogAnchor(stored.Position, mac));
            return stored;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> PositionAsync(CancellationToken cancellationToken = default) =>
        (await ReadAllAsync(cancellationToken)).LastOrDefault()?.Position ?? 0;

    public async Task<IReadOnlyList<DeletionRecord>> ReadAfterAsync(long position, CancellationToken cancellationToken = default) =>
        (await ReadAllAsync(cancellationToken)).Where(r => r.Position > position).ToList();

    private async Task<IReadOnlyList<DeletionRecord>> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
        {
            CheckHead([], null); // a log deleted whole is the ultimate cut: its head still says how far it reached
            return [];
        }
        await using var stream = await OpenAsync(FileMode.Open, FileAccess.Read, FileShare.Read, cancellationToken);
        var lines = await ReadLinesAsync(stream, cancellationToken);
        var records = new List<DeletionRecord>(lines.Count);
        var previous = "";
        SignedLine? last = null;
        for (var i = 0; i < lines.Count; i++)
        {
            last = Check(lines[i], i + 1, previous);
            previous = last.Mac;
            records.Add(last.Record);
        }
        if (!CheckHead(lines, last) && last is not null)
            _head.Write(new DeletionLogAnchor(last.Record.Position, last.Mac)); // a log from before heads: anchored from now on
        return records;
    }

    /// <summary>See <see cref="DeletionLogHead.Verify"/>; false when a log from before heads has none yet.</summary>
    private bool CheckHead(IReadOnlyList<string> lines, SignedLine? last) =>
        _head.Verify(FilePath, lines.Count, last is { Anchored: true },
            position => position == lines.Count && last is not null ? last.Mac : Check(lines[position - 1], position, previousMac: null).Mac);

    /// <summary>One line checked: its MAC, its position (the line number) and, when given, the MAC of the line before it.</summary>
    private SignedLine Check(string text, int lineNumber, string? previousMac)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var body = root.GetProperty("record").GetRawText();
            var previous = root.GetProperty("previous").GetString() ?? "";
            var mac = root.GetProperty("mac").GetString() ?? "";
            var version = root.TryGetProperty("v", out var v) ? v.GetInt32() : 1;
            var record = JsonSerializer.Deserialize<DeletionRecord>(body, Json)!;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(Mac(previous, body, version))))
                throw Broken(lineNumber, "its signature does not match (edited, or signed with another key)");
            if (record.Position != lineNumber)
                throw Broken(lineNumber, $"it holds position {record.Position} (a line before it was removed or added)");
            if (previousMac is not null && previous != previousMac)
                throw Broken(lineNumber, "it does not follow the line before it (a line was removed or reordered)");
            return new SignedLine(record, mac, version >= LineVersion);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Broken(lineNumber, "it is not a deletion record");
        }
    }

    private DeletionLogBrokenException Broken(int lineNumber, string why) =>
        new($"The deletion log {FilePath} is broken at line {lineNumber}: {why}.");

    /// <summary>The line format written since the head exists; older lines (no "v") are version 1.</summary>
    private const int LineVersion = 2;

    /// <summary>Version 2 puts its version inside the MAC, so "v" cannot be removed to make a line look older.</summary>
    private string Mac(string previous, string body, int version) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key.Bytes, Encoding.UTF8.GetBytes((version >= LineVersion ? $"v{version}\n" : "") + previous + "\n" + body)));

    private static async Task<List<string>> ReadLinesAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
    }

    private Task<FileStream> OpenAsync(FileMode mode, FileAccess access, FileShare share, CancellationToken cancellationToken) =>
        Common.LockedFile.OpenAsync(FilePath, mode, access, share, cancellationToken);

    private sealed record SignedLine(DeletionRecord Record, string Mac, bool Anchored);
}
