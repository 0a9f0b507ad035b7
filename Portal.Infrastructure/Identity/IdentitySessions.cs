using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// Opens a short-lived Identity session, as <c>IDbContextFactory</c> opens a short-lived context: the services that
/// use Identity are singletons or live as long as a circuit, and a <see cref="UserManager{TUser}"/> tracks what it
/// read in its context, so each operation needs its own. The only place outside the composition root that makes a
/// scope.
/// </summary>
public sealed class IdentitySessions(IServiceScopeFactory scopeFactory)
{
    public IdentitySession Open() => new(scopeFactory.CreateAsyncScope());
}

/// <summary>
/// One operation's user manager and the context its user store saves through: a change made through
/// <see cref="Users"/> and an audit entry appended to <see cref="Db"/> share a transaction begun on <see cref="Db"/>.
/// </summary>
public sealed class IdentitySession(AsyncServiceScope scope) : IAsyncDisposable
{
    public UserManager<ApplicationUser> Users { get; } = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

    public PortalDbContext Db => scope.ServiceProvider.GetRequiredService<PortalDbContext>();

    /// <summary>Builds a signed-in user's principal from the account as it is now.</summary>
    public IUserClaimsPrincipalFactory<ApplicationUser> Principals =>
        scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
