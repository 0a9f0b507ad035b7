using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Secrets;

/// <summary>
/// Brings a database written before secrets were encrypted up to date, at start, before anything uses the key ring:
/// key-ring keys stored in clear are deleted (whoever copied the database could forge cookies with them; a fresh key,
/// encrypted with the certificate, replaces them, and everyone signs in again once), then authenticator keys and
/// recovery codes still in clear are encrypted under the new key. Without this, a dormant account's second factor
/// would stay readable until its owner next signed in.
/// </summary>
internal sealed partial class SecretsAtRestUpgrade(
    IDbContextFactory<PortalDbContext> contextFactory,
    IDataProtectionProvider protection,
    AuditLog auditLog,
    ILogger<SecretsAtRestUpgrade> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // A key element with no <encryptedSecret> carries its secret as plain XML; revocations carry none.
        var clearKeys = await db.DataProtectionKeys
            .Where(k => k.Xml != null && k.Xml.Contains("<key ") && !k.Xml.Contains("<encryptedSecret"))
            .ExecuteDeleteAsync(cancellationToken);

        var protector = ProtectedUserStore.CreateProtector(protection);
        var clearSecrets = await db.UserTokens
            .Where(t => t.LoginProvider == ProtectedUserStore.InternalLoginProvider && ProtectedUserStore.SecretNames.Contains(t.Name)
                && t.Value != null && !t.Value.StartsWith(ProtectedUserStore.Prefix))
            .ToListAsync(cancellationToken);
        foreach (var token in clearSecrets)
            token.Value = ProtectedUserStore.Prefix + protector.Protect(token.Value!);
        if (clearKeys == 0 && clearSecrets.Count == 0)
            return;
        await auditLog.SaveWithEntryAsync(db, "system", AuditActions.SecretsEncrypted, "secrets",
            $"{clearKeys} key-ring key(s) stored in clear deleted (every sign-in ends once); " +
            $"{clearSecrets.Count} authenticator key(s) and recovery-code set(s) stored in clear encrypted", null, cancellationToken);
        // The clear values must not stay readable in SQLite's write-ahead log either.
        await db.Database.ForgetOldPagesAsync(cancellationToken);
        LogUpgraded(logger, clearKeys, clearSecrets.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Secrets at rest: {Keys} key-ring key(s) stored in clear deleted, so every sign-in ends once; {Secrets} second-factor secret(s) encrypted")]
    private static partial void LogUpgraded(ILogger logger, int keys, int secrets);
}
