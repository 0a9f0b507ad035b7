using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Backup;

/// <summary>What one backup wrote: its folder and manifest.</summary>
public sealed record BackupResult(string Folder, BackupManifest Manifest);

/// <summary>
/// The <c>backup</c> command's work: the database (<see cref="DatabaseCopy"/>) and the stored photos and crops into a new
/// folder under the backup root, with a manifest. The key-ring certificate and the audit key stay out: they are kept
/// apart from the data (docs/deployment.md), and a backup that held them would be worth as much as the keys.
/// </summary>
public sealed class BackupService(
    DatabaseCopy database, FileStore files, IDeletionLog deletionLog, IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog, BackupSeal seal, TimeProvider time)
{
    public async Task<Outcome<BackupResult>> TakeAsync(string root, CancellationToken cancellationToken = default)
    {
        if (database.NothingToBackUp() is { } nothing)
            return Outcome<BackupResult>.Invalid(nothing);
        var takenAt = time.GetUtcNow();
        // Read before the copy: a deletion between this and the copy is replayed on restore, harmlessly if the copy has it.
        long position;
        try
        {
            position = await deletionLog.PositionAsync(cancellationToken);
        }
        catch (DeletionLogBrokenException broken)
        {
            // A backup whose restore could not trust the log would bring deleted photos back: none is taken.
            return Outcome<BackupResult>.Invalid($"{broken.Message} No backup was taken: restoring it could not re-apply the deletions made since.");
        }
        string? migration;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            migration = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();

        var name = $"backup-{takenAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
        var folder = Path.Combine(Path.GetFullPath(root), name);
        for (var n = 2; Directory.Exists(folder); n++)
            folder = Path.Combine(Path.GetFullPath(root), $"{name}-{n}");
        // Written under another name and renamed when complete: a backup folder either is whole or is not there.
        var partial = folder + ".partial";
        Directory.CreateDirectory(partial);
        try
        {
            var saved = await database.SaveAsync(partial, cancellationToken);
            if (!saved.Succeeded)
                return saved.WithoutValue().As<BackupResult>();
            var written = new List<BackupFile> { await BackupManifest.DescribeAsync(partial, saved.Value!, cancellationToken) };
            foreach (var relative in StoredFiles())
            {
                var target = Path.Combine(partial, "uploads", relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    File.Copy(Path.Combine(files.Folder, relative), target);
                }
                catch (FileNotFoundException)
                {
                    continue; // deleted since the listing; its deletion is in the log after our position
                }
                written.Add(await BackupManifest.DescribeAsync(partial, Path.Combine("uploads", relative), cancellationToken));
            }
            var manifest = new BackupManifest(takenAt, database.Provider, migration, position, written);
            await manifest.WriteAsync(partial, cancellationToken);
            await seal.SealAsync(partial, cancellationToken);
            Directory.Move(partial, folder);
            await auditLog.RecordAsync("system", AuditActions.BackupTaken, $"backup:{Path.GetFileName(folder)}",
                $"{manifest.FileCount} file(s), {database.Provider}, migration {migration}, deletion-log position {position}", cancellationToken: cancellationToken);
            return Outcome<BackupResult>.Ok(new BackupResult(folder, manifest));
        }
        finally
        {
            if (Directory.Exists(partial))
                Directory.Delete(partial, recursive: true);
        }
    }

    /// <summary>Stored photos and crops, relative to the uploads folder: not incoming originals, not temporary files.</summary>
    private IEnumerable<string> StoredFiles() =>
        Directory.EnumerateFiles(files.Folder, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(files.Folder, path))
            .Where(relative => !relative.StartsWith("incoming" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !relative.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
}
