using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;
using Portal.Web.Components.Account;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// Issue 15 item 4: an admin ends a user's sessions in one process, and the circuit another process serves for that
/// user signs out at once, not at its next revalidation (a minute away here).
/// </summary>
public sealed class RelayedSessionEndTests
{
    [PostgreSqlFact]
    public async Task AUsersSessionsEndedByAnAdminInHostBSignOutTheCircuitServedByHostAWithinTwoSeconds()
    {
        await using var hosts = await RelayedHosts.StartAsync(await TestDatabase.PostgreSqlAsync(), seedDemoData: true);
        await hosts.UntilListeningAsync();
        await using var circuit = await CircuitOfAsync(hosts.A, TestAccounts.ThornStaff);
        var signedOut = new TaskCompletionSource();
        circuit.Provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
                signedOut.TrySetResult();
        };

        var changed = await hosts.B.Get<UserAdministration>()
            .UpdateMembershipAsync(await AdminAsync(hosts.B), circuit.UserId, [Roles.Reviewer], circuit.OrganisationId);

        Assert.True(changed.Succeeded);
        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(2));
    }

    [PostgreSqlFact]
    public async Task ACircuitOfAnotherUserStaysSignedInWhenSomeoneElsesSessionsEnd()
    {
        await using var hosts = await RelayedHosts.StartAsync(await TestDatabase.PostgreSqlAsync(), seedDemoData: true);
        await hosts.UntilListeningAsync();
        await using var other = await CircuitOfAsync(hosts.A, "staff@icmec.example");
        await using var ended = await CircuitOfAsync(hosts.A, TestAccounts.ThornStaff);
        var signedOut = new TaskCompletionSource();
        ended.Provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
                signedOut.TrySetResult();
        };

        var changed = await hosts.B.Get<UserAdministration>()
            .UpdateMembershipAsync(await AdminAsync(hosts.B), ended.UserId, [Roles.Reviewer], ended.OrganisationId);
        Assert.True(changed.Succeeded);

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.True((await other.Provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task OnSqliteACircuitOfTheSameProcessSignsOutAtOnceWhenAnAdminChangesItsUsersRoles()
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path, seedDemoData: true, database: TestDatabase.Sqlite);
        await using var circuit = await CircuitOfAsync(host, TestAccounts.ThornStaff);
        var signedOut = new TaskCompletionSource();
        circuit.Provider.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
                signedOut.TrySetResult();
        };

        await host.Get<UserAdministration>().UpdateMembershipAsync(await AdminAsync(host), circuit.UserId, [Roles.Reviewer], circuit.OrganisationId);

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(2));
    }

    private static async Task<Circuit> CircuitOfAsync(InfrastructureHost host, string email)
    {
        await using var session = host.Get<IdentitySessions>().Open();
        var user = (await session.Users.FindByEmailAsync(email))!;
        var principal = await session.Principals.CreateAsync(user);
        var provider = new IdentityRevalidatingAuthenticationStateProvider(host.Get<ILoggerFactory>(), host.Get<IdentitySessions>(),
            host.Get<IOptions<IdentityOptions>>(), host.Get<IOptions<SecurityOptions>>(), host.Get<Notifier<StandingChanged>>(),
            host.Get<Notifier<SessionsEnded>>());
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return new Circuit(provider, user.Id, user.OrganisationId);
    }

    private sealed record Circuit(IdentityRevalidatingAuthenticationStateProvider Provider, string UserId, Guid? OrganisationId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            ((IDisposable)Provider).Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The demo platform admin's real account: account changes read the asker's role from the database.</summary>
    private static Task<Actor> AdminAsync(InfrastructureHost host) => ReviewScenario.ActorAsync(host.Services, TestAccounts.AdminEmail);
}
