using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// The one sign-in manager of the portal. It forces lockout on failure for every password sign-in,
/// whatever a caller passes, and audits each outcome, so no sign-in path can forget either. What an anonymous
/// visitor can repeat at will (an unknown account, a post against an account already locked) is counted per
/// address and window; a failure that counts towards an account's lockout is that account's own entry.
/// </summary>
internal sealed class AuditingSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    IAuditLog auditLog,
    AuditPseudonyms pseudonyms,
    IAnonymousAudit anonymousAudit,
    UnknownAccountLockouts unknownLockouts)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(
        string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            anonymousAudit.Note(new AnonymousEvent(AuditActions.SignInFailed, "user:unknown", RemoteAddress,
                "sign-in posts for an account that does not exist", userName));
            // Answered as a real account would be, in the same time, lockout included: a locked account answers
            // without checking the password, any other checks it, so the time taken does not tell who has one.
            if (unknownLockouts.IsLockedOut(userName))
                return SignInResult.LockedOut;
            UserManager.PasswordHasher.HashPassword(NobodyUser, password);
            return unknownLockouts.RecordFailure(userName) ? SignInResult.LockedOut : SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
    }

    public override async Task<SignInResult> PasswordSignInAsync(
        ApplicationUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.IsLockedOutAsync(user))
        {
            // Counts towards nothing (the password is not even checked): one entry per address and window.
            anonymousAudit.Note(new AnonymousEvent(AuditActions.SignInFailed, $"user:{user.Id}", RemoteAddress,
                "sign-in posts for a locked account"));
            return SignInResult.LockedOut;
        }
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure: true);
        await AuditOutcomeAsync(user, result, "password");
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(
        string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null) await AuditOutcomeAsync(user, result, "authenticator code");
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null) await AuditOutcomeAsync(user, result, "recovery code");
        return result;
    }

    // Passkeys and external providers are not offered; refuse them outright rather than leave
    // a sign-in path that bypasses the audit.
    public override Task<SignInResult> PasskeySignInAsync(string credentialJson) => Task.FromResult(SignInResult.Failed);

    public override Task<SignInResult> ExternalLoginSignInAsync(
        string loginProvider, string providerKey, bool isPersistent, bool bypassTwoFactor) => Task.FromResult(SignInResult.Failed);

    private async Task AuditOutcomeAsync(ApplicationUser user, SignInResult result, string method)
    {
        var actor = user.Email ?? user.UserName ?? user.Id;
        var target = $"user:{user.Id}";
        // A keyed hash of the address (ADR 0010): an admin can still follow one address, nobody can read it back.
        var context = $"{method}; from {pseudonyms.Address(RemoteAddress)}";
        if (result.Succeeded)
            await auditLog.RecordAsync(actor, AuditActions.SignIn, target, context, user.OrganisationId);
        else if (result.IsLockedOut)
            await auditLog.RecordAsync(actor, AuditActions.Lockout, target, $"account locked out; {context}", user.OrganisationId);
        else if (result.RequiresTwoFactor)
            return; // the password was right; the audited outcome is the second factor's
        else
            await auditLog.RecordAsync(actor, AuditActions.SignInFailed, target, $"wrong {context}", user.OrganisationId);
    }

    private static readonly ApplicationUser NobodyUser = new();

    private string RemoteAddress => Common.NetworkAddress.KeyOf(Context.Connection.RemoteIpAddress);
}
