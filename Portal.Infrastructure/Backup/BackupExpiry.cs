using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Backup;

/// <summary>
/// Backups expire: a backup older than <c>Portal:Backup:KeepDays</c> is deleted with every photo in it, so deleted
/// data does not live on in old backups past the schedule. Age comes from the manifest, not from file times.
/// </summary>
public sealed class BackupExpiry(IOptions<BackupOptions> options, TimeProvider time, AuditLog auditLog)
{
    /// <summary>Deletes the expired backups under <paramref name="root"/>; the folders deleted.</summary>
    public async Task<IReadOnlyList<string>> ExpireAsync(string root, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(root))
            return [];
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.KeepDays);
        var deleted = new List<string>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            if (await BackupManifest.ReadAsync(folder, cancellationToken) is not { } manifest || manifest.TakenAt >= cutoff)
                continue;
            Directory.Delete(folder, recursive: true);
            deleted.Add(folder);
            await auditLog.RecordAsync("system", AuditActions.BackupExpired, $"backup:{Path.GetFileName(folder)}",
                $"taken {manifest.TakenAt:O}, older than {options.Value.KeepDays} day(s); {manifest.FileCount} file(s) deleted", cancellationToken: cancellationToken);
        }
        return deleted;
    }
}
