using System.Security.Cryptography;
using System.Text.Json;

namespace Portal.Infrastructure.Backup;

/// <summary>One file of a backup: its path inside the backup folder ('/'-separated), size and SHA-256 (hex).</summary>
public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>
/// <c>manifest.json</c> of a backup: when it was taken, from which provider and schema, how far the deletion log had
/// reached (a restore re-applies every deletion after it), and every file with its hash.
/// </summary>
public sealed record BackupManifest(DateTimeOffset TakenAt, string Provider, string? Migration, long DeletionLogPosition, IReadOnlyList<BackupFile> Files)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public int FileCount => Files.Count;

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        await using var stream = File.Create(System.IO.Path.Combine(folder, FileName));
        await JsonSerializer.SerializeAsync(stream, this, Json, cancellationToken);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The manifest of a backup folder, or null when it has none (not a backup, or one never finished).</summary>
    public static async Task<BackupManifest?> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(path))
            return null;
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Describes a file of the folder as it is on disk now.</summary>
    public static async Task<BackupFile> DescribeAsync(string folder, string relative, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.Combine(folder, relative);
        await using var stream = File.OpenRead(full);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new BackupFile(relative.Replace(System.IO.Path.DirectorySeparatorChar, '/'), stream.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>The files whose content no longer matches the manifest (or that are missing), by path.</summary>
    public async Task<IReadOnlyList<string>> MismatchesAsync(string folder, CancellationToken cancellationToken)
    {
        var wrong = new List<string>();
        foreach (var file in Files)
        {
            var relative = file.Path.Replace('/', System.IO.Path.DirectorySeparatorChar);
            if (file.Path.Contains("..", StringComparison.Ordinal) || !File.Exists(System.IO.Path.Combine(folder, relative))
                || await DescribeAsync(folder, relative, cancellationToken) != file)
                wrong.Add(file.Path);
        }
        return wrong;
    }
}
