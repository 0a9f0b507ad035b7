using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Components.Account;

/// <summary>
/// Re-reads the security stamp of the user of an open circuit at the configured interval (at most five
/// minutes). A changed stamp — new roles, a suspended organisation, a new moratorium — ends the session.
/// When the user's organisation changes standing (approved, reinstated), the circuit's user is rebuilt from the
/// database at once, so an open page shows what the organisation may now do without signing in again. When sessions
/// are ended (<see cref="SessionsEnded"/>, from any process on PostgreSQL), a concerned circuit re-checks at once.
/// </summary>
internal sealed class IdentityRevalidatingAuthenticationStateProvider : RevalidatingServerAuthenticationStateProvider
{
    private readonly IdentitySessions _identity;
    private readonly IOptions<IdentityOptions> _identityOptions;
    private readonly IOptions<SecurityOptions> _securityOptions;
    private readonly IDisposable _standingSubscription;
    private readonly IDisposable _sessionsSubscription;

    public IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggerFactory, IdentitySessions identity,
        IOptions<IdentityOptions> identityOptions, IOptions<SecurityOptions> securityOptions, Notifier<StandingChanged> standingChanges,
        Notifier<SessionsEnded> sessionsEnded)
        : base(loggerFactory)
    {
        _identity = identity;
        _identityOptions = identityOptions;
        _securityOptions = securityOptions;
        _standingSubscription = standingChanges.Subscribe(RefreshIfMineAsync);
        _sessionsSubscription = sessionsEnded.Subscribe(SignOutIfEndedAsync);
    }

    protected override TimeSpan RevalidationInterval => _securityOptions.Value.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A fresh session so the user manager reads the database, not a cached entity.
        await using var session = _identity.Open();
        return await CurrentUserAsync(session.Users, authenticationState.User) is not null;
    }

    private async Task RefreshIfMineAsync(StandingChanged change)
    {
        if (await StateOrNullAsync() is not { } state)
            return;
        // The empty id is the relay's "any organisation may have changed", after it lost messages.
        if (change.OrganisationId != Guid.Empty && state.User.FindFirstValue(PortalClaimTypes.OrganisationId) != change.OrganisationId.ToString())
            return;
        await using var session = _identity.Open();
        // A changed stamp is not refreshed over: that session is ending, and the revalidation loop ends it.
        if (await CurrentUserAsync(session.Users, state.User) is not { } user)
            return;
        var principal = await session.Principals.CreateAsync(user);
        SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
    }

    /// <summary>Ends this circuit's session now if the message concerns it and its stamp no longer holds.</summary>
    private async Task SignOutIfEndedAsync(SessionsEnded ended)
    {
        if (await StateOrNullAsync() is not { } state)
            return;
        var user = state.User;
        if (user.Identity?.IsAuthenticated != true)
            return;
        // Only a person's own sessions end here at once. An organisation's end (a suspension, a moratorium) reaches its
        // open pages as a standing change, which withdraws what it may no longer do and brings it back on
        // reinstatement; the revalidation loop ends those sessions at its next check, as before.
        if (!ended.Concerns(user.FindFirstValue(ClaimTypes.NameIdentifier), organisationId: null))
            return;
        if (!await ValidateAuthenticationStateAsync(state, CancellationToken.None))
            SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
    }

    private async Task<AuthenticationState?> StateOrNullAsync()
    {
        try
        {
            return await GetAuthenticationStateAsync();
        }
        catch (InvalidOperationException)
        {
            return null; // a circuit still starting has no user yet; it reads the current standing and stamp when it does
        }
    }

    /// <summary>The principal's account, if it still exists with the stamp the principal was issued with.</summary>
    private async Task<ApplicationUser?> CurrentUserAsync(UserManager<ApplicationUser> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
            return null;
        var principalStamp = principal.FindFirstValue(_identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
        return principalStamp == await userManager.GetSecurityStampAsync(user) ? user : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _standingSubscription.Dispose();
            _sessionsSubscription.Dispose();
        }
        base.Dispose(disposing);
    }
}
