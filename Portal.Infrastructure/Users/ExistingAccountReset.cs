using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Seeding;

namespace Portal.Infrastructure.Users;

/// <summary>
/// What the operator's <c>admin grant --existing</c> resets before an existing account becomes a vetted admin: everything
/// whoever made or held it could know or have set up. A new random password (the only one, printed once), no
/// authenticator key or recovery codes (the holder enrols again), no external logins, no lockout. Inside the caller's
/// write transaction; the caller renews the security stamp, which signs the account out everywhere.
/// </summary>
internal static class ExistingAccountReset
{
    /// <summary>The new password, or why the account could not be reset (Identity's words).</summary>
    public static async Task<Outcome<string>> ResetWithinAsync(IdentitySession session, ApplicationUser user, CancellationToken cancellationToken)
    {
        var users = session.Users;
        var password = PasswordGenerator.Generate();
        if (await users.HasPasswordAsync(user) && await users.RemovePasswordAsync(user) is { Succeeded: false } removed)
            return Outcome<string>.Invalid(Describe(removed));
        if (await users.AddPasswordAsync(user, password) is { Succeeded: false } added)
            return Outcome<string>.Invalid(Describe(added));
        // The authenticator key and recovery codes are the user's tokens; external logins are other providers' keys to it.
        await session.Db.UserTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await session.Db.UserLogins.Where(l => l.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        if (await users.SetTwoFactorEnabledAsync(user, false) is { Succeeded: false } twoFactor)
            return Outcome<string>.Invalid(Describe(twoFactor));
        // A removed member's account is locked for good; the operator re-vetting it means it is to be used.
        if (await users.SetLockoutEndDateAsync(user, null) is { Succeeded: false } unlocked)
            return Outcome<string>.Invalid(Describe(unlocked));
        await users.ResetAccessFailedCountAsync(user);
        return Outcome<string>.Ok(password);
    }

    public static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
