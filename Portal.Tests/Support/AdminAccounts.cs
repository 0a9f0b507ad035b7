using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Users;

namespace Portal.Tests.Support;

/// <summary>Platform admin accounts made the portal's way (asked for, then confirmed), and role changes behind a session's back.</summary>
public static class AdminAccounts
{
    /// <summary>Asks <paramref name="asker"/> for a new account with the admin role; returns its actor and what became of the grant.</summary>
    public static async Task<(Actor Account, AdminGrantEffect Effect)> AskAsync(IServiceProvider services, Actor asker, string email)
    {
        var created = await services.GetRequiredService<UserAdministration>().CreateAsync(asker,
            new NewUser(email, email, "a-long-enough-password", [Roles.PlatformAdmin], null));
        Assert.True(created.Succeeded, created.Error);
        return (await ReviewScenario.ActorAsync(services, email) with { IsPlatformAdmin = true }, created.Value);
    }

    /// <summary>A new account asked for by <paramref name="asker"/> and confirmed by <paramref name="confirmer"/>; fails the test when either step is refused.</summary>
    public static async Task<Actor> ConfirmedAsync(IServiceProvider services, Actor asker, Actor confirmer, string email)
    {
        var (account, effect) = await AskAsync(services, asker, email);
        Assert.Equal(AdminGrantEffect.Waiting, effect);
        var confirmed = await services.GetRequiredService<AdminGrants>().ConfirmAsync(confirmer, await PendingGrantAsync(services, asker, account));
        Assert.True(confirmed.Succeeded, confirmed.Error);
        return account;
    }

    /// <summary>The pending grant of <paramref name="account"/>'s role.</summary>
    public static async Task<Guid> PendingGrantAsync(IServiceProvider services, Actor viewer, Actor account)
    {
        var pending = await services.GetRequiredService<AdminGrants>().PendingAsync(viewer);
        return Assert.Single(pending.Value!, g => g.UserId == account.UserId).Id;
    }

    /// <summary>Takes the role away in the database only: the actor's "session" still says admin, as an open circuit would.</summary>
    public static async Task RemoveRoleBehindTheSessionAsync(IServiceProvider services, Actor admin)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True((await users.RemoveFromRoleAsync((await users.FindByIdAsync(admin.UserId))!, Roles.PlatformAdmin)).Succeeded);
    }
}
