using Portal.Domain.Auditing;
using Portal.Domain.Retention;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Retention;

namespace Portal.Infrastructure.Backup;

/// <summary>
/// Backups expire: a backup older than the "Backups" period of the published retention schedule is deleted with every
/// photo in it, so deleted data does not live on in old backups past the schedule. Age comes from the manifest, not
/// from file times.
/// </summary>
public sealed class BackupExpiry(RetentionSchedule schedule, TimeProvider time, AuditLog auditLog, BackupSeal seal)
{
    /// <summary>Deletes the expired backups under <paramref name="root"/>; the folders deleted.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(string root, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(root))
            return [];
        var keepDays = (await schedule.RulesAsync(cancellationToken)).Single(r => r.Kind == DataKind.Backups).MaxDays;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(keepDays);
        var deleted = new List<string>();
        // Only what the backup command makes; any other folder in the root is not ours to delete.
        foreach (var folder in Directory.GetDirectories(root, "backup-*").Where(f => !f.EndsWith(".partial", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (await BackupManifest.ReadAsync(folder, cancellationToken) is not { } manifest)
                continue;
            // A manifest without a valid seal cannot be restored, and its date cannot be trusted: a future date would keep
            // it for ever. Its age is then the folder's own.
            var verified = await seal.VerifiesAsync(folder, cancellationToken);
            var takenAt = verified ? manifest.TakenAt : new DateTimeOffset(Directory.GetLastWriteTimeUtc(folder), TimeSpan.Zero);
            if (takenAt >= cutoff)
                continue;
            Directory.Delete(folder, recursive: true);
            deleted.Add(folder);
            await auditLog.RecordAsync("system", AuditActions.BackupExpired, $"backup:{Path.GetFileName(folder)}",
                $"taken {takenAt:O}{(verified ? "" : " (unsealed manifest: the folder's date)")}, older than {keepDays} day(s) (the retention schedule); " +
                $"{manifest.FileCount} file(s) deleted", cancellationToken: cancellationToken);
        }
        return deleted;
    }
}
