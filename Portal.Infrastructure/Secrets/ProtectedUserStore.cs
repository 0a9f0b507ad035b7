using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Secrets;

/// <summary>
/// The EF user store, but the authenticator key and the recovery codes are encrypted with the data-protection
/// key ring before they reach AspNetUserTokens: a copy of the database alone no longer yields anyone's second
/// factor. Identity reads and writes both through GetTokenAsync/SetTokenAsync, so only those two are wrapped.
/// A value stored in clear before this existed is still read, once, and written back encrypted, so enrolled
/// people keep their authenticator.
/// </summary>
internal sealed class ProtectedUserStore(PortalDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<ApplicationUser, IdentityRole, PortalDbContext, string>(context, describer)
{
    /// <summary>Identity's own names for the tokens it keeps in the user store.</summary>
    public const string InternalLoginProvider = "[AspNetUserStore]";
    public static readonly string[] SecretNames = ["AuthenticatorKey", "RecoveryCodes"];

    /// <summary>Marks an encrypted value; the protector's output (base64url) never starts with it.</summary>
    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector = CreateProtector(protection);

    public static IDataProtector CreateProtector(IDataProtectionProvider protection) => protection.CreateProtector("Portal.Identity.UserTokens.v1");

    public override Task SetTokenAsync(ApplicationUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
    {
        var stored = value is not null && IsSecret(loginProvider, name) ? Prefix + _protector.Protect(value) : value;
        return base.SetTokenAsync(user, loginProvider, name, stored, cancellationToken);
    }

    public override async Task<string?> GetTokenAsync(ApplicationUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var stored = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        if (stored is null || !IsSecret(loginProvider, name))
            return stored;
        if (stored.StartsWith(Prefix, StringComparison.Ordinal))
            return _protector.Unprotect(stored[Prefix.Length..]);
        await SetTokenAsync(user, loginProvider, name, stored, cancellationToken);
        await SaveChanges(cancellationToken);
        return stored;
    }

    private static bool IsSecret(string loginProvider, string name) =>
        loginProvider == InternalLoginProvider && SecretNames.Contains(name);
}
