using Portal.Domain.Common;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Backup;

/// <summary>A backup put back, before the portal has started on it: what is still to re-apply.</summary>
public sealed record PutBack(BackupManifest Manifest, IReadOnlyList<DeletionRecord> Deletions, int FilesRestored);

/// <summary>
/// The first half of a restore: checks everything that can be checked before anything is touched (the data directory
/// is empty or <c>--force</c> was given, every file matches the manifest, the deletion log verifies and reaches the
/// backup's position), then puts the database and files back. <see cref="RestoreCompletion"/> does the rest once the
/// portal's start-up (migration) has run on the restored database.
/// </summary>
public sealed class RestoreService(DataPaths paths, DatabaseCopy database, IDeletionLog deletionLog, BackupSeal seal)
{
    /// <summary>Not part of the data, and never in a backup: the key-ring certificate made in Development stays where it is.</summary>
    private const string KeyRingFolder = "keyring";

    public async Task<Outcome<PutBack>> PutBackAsync(string folder, bool force, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        if (await BackupManifest.ReadAsync(folder, cancellationToken) is not { } manifest)
            return Outcome<PutBack>.Invalid($"{folder} is not a backup: it has no readable {BackupManifest.FileName}.");
        if (manifest.Provider != database.Provider)
            return Outcome<PutBack>.Invalid($"The backup is of a {manifest.Provider} database; this portal is configured for {database.Provider}.");
        if (!force && DataFiles().Any())
            return Outcome<PutBack>.Conflict($"The data directory {paths.Root} is not empty. Restoring would replace what is there; run the restore again with --force to do that.");
        if (!await seal.VerifiesAsync(folder, cancellationToken))
            return Outcome<PutBack>.Invalid($"The backup's {BackupManifest.FileName} does not carry this installation's seal ({BackupSeal.FileName}): it was changed, " +
                "or was written by another installation or without the audit key this portal runs with. Nothing was restored.");
        if (await manifest.MismatchesAsync(folder, cancellationToken) is { Count: > 0 } wrong)
            return Outcome<PutBack>.Invalid($"The backup is damaged: {wrong.Count} file(s) missing or not matching the manifest, first {wrong[0]}. Nothing was restored.");
        IReadOnlyList<DeletionRecord> deletions;
        try
        {
            deletions = await deletionLog.ReadAfterAsync(manifest.DeletionLogPosition, cancellationToken);
            if (await deletionLog.PositionAsync(cancellationToken) < manifest.DeletionLogPosition)
                return Outcome<PutBack>.Invalid($"The deletion log ends before position {manifest.DeletionLogPosition}, where it was when the backup was taken: lines were removed, or this is another installation's log. Nothing was restored.");
        }
        catch (DeletionLogBrokenException broken)
        {
            return Outcome<PutBack>.Invalid($"{broken.Message} A restore without it could bring back deleted photos; nothing was restored.");
        }

        if (force)
            Clear();
        var restored = await database.RestoreAsync(folder, cancellationToken);
        if (!restored.Succeeded)
            return restored.As<PutBack>();
        var uploads = manifest.Files.Where(f => f.Path.StartsWith("uploads/", StringComparison.Ordinal)).ToList();
        foreach (var file in uploads)
        {
            var target = paths.Under(file.Path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(folder, file.Path.Replace('/', Path.DirectorySeparatorChar)), target, overwrite: true);
        }
        return Outcome<PutBack>.Ok(new PutBack(manifest, deletions, manifest.FileCount));
    }

    /// <summary>Files in the data directory other than the key ring's (empty folders do not count).</summary>
    private IEnumerable<string> DataFiles() =>
        Directory.Exists(paths.Root)
            ? Directory.EnumerateFiles(paths.Root, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(paths.Root, f).StartsWith(KeyRingFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            : [];

    private void Clear()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { paths.Database, paths.Database + "-wal", paths.Database + "-shm" })
            File.Delete(file);
        if (Directory.Exists(paths.Under("uploads")))
            Directory.Delete(paths.Under("uploads"), recursive: true);
    }
}
