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
public sealed class BackupExpiry(RetentionSchedule schedule, TimeProvider time, AuditLog auditLog)
{
    /// <summary>Deletes the expired backups under <paramref name="root"/>; the folders deleted.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(string root, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(root))
            return [];
        var keepDays = (await schedule.RulesAsync(cancellationToken)).Single(r => r.Kind == DataKind.Backups).MaxDays;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(keepDays);
        var deleted = new List<string>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            if (await BackupManifest.ReadAsync(folder, cancellationToken) is not { } manifest || manifest.TakenAt >= cutoff)
                continue;
            Directory.Delete(folder, recursive: true);
            deleted.Add(folder);
            await auditLog.RecordAsync("system", AuditActions.BackupExpired, $"backup:{Path.GetFileName(folder)}",
                $"taken {manifest.TakenAt:O}, older than {keepDays} day(s) (the retention schedule); {manifest.FileCount} file(s) deleted", cancellationToken: cancellationToken);
        }
        return deleted;
    }
}
