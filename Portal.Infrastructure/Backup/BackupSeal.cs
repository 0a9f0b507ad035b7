using System.Security.Cryptography;
using System.Text;
using Portal.Infrastructure.Auditing;

namespace Portal.Infrastructure.Backup;

/// <summary>
/// A keyed MAC over a backup's manifest (<c>manifest.mac</c>). The manifest's SHA-256 values catch damage, but whoever can
/// write the backup root could change a file and its hash, move the deletion-log position past deletions so a restore would
/// not replay them, or date a backup in the future so it never expires. The MAC needs the audit key, which is never in a
/// backup; a restore and the expiry trust only a manifest it verifies.
/// </summary>
public sealed class BackupSeal(AuditKey auditKey)
{
    public const string FileName = "manifest.mac";

    // Its own key, derived from the audit key, so a MAC made here can never pass for a MAC of the audit chain.
    private byte[] Key => HMACSHA256.HashData(auditKey.Bytes, Encoding.UTF8.GetBytes("reunite-portal/backup-manifest/v1"));

    public async Task SealAsync(string folder, CancellationToken cancellationToken)
    {
        var manifest = await File.ReadAllBytesAsync(Path.Combine(folder, BackupManifest.FileName), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, FileName), Convert.ToHexStringLower(HMACSHA256.HashData(Key, manifest)), cancellationToken);
    }

    /// <summary>Whether the folder's manifest is exactly as this installation wrote it.</summary>
    public async Task<bool> VerifiesAsync(string folder, CancellationToken cancellationToken)
    {
        var manifestPath = Path.Combine(folder, BackupManifest.FileName);
        var sealPath = Path.Combine(folder, FileName);
        if (!File.Exists(manifestPath) || !File.Exists(sealPath))
            return false;
        var expected = HMACSHA256.HashData(Key, await File.ReadAllBytesAsync(manifestPath, cancellationToken));
        var stored = (await File.ReadAllTextAsync(sealPath, cancellationToken)).Trim();
        return stored.Length == expected.Length * 2 && stored.All(Uri.IsHexDigit)
               && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(stored));
    }
}
