using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>Changes a threshold the only way there is: one platform admin proposes, a different one confirms.</summary>
public static class GovernedThresholds
{
    /// <summary>A second platform admin, for confirming: an account made by <see cref="EnsureAdminsAsync"/>, since the role is read from the database.</summary>
    public static readonly Actor OtherAdmin = new("other-admin-id", "other-admin@reunite.example", null, IsPlatformAdmin: true);

    public static readonly Actor Proposer = new("proposing-admin-id", "proposing-admin@reunite.example", null, IsPlatformAdmin: true);

    /// <summary>
    /// Makes <see cref="Proposer"/> and <see cref="OtherAdmin"/> vetted platform admins, as the operator's command does but
    /// granted at the dawn of time (before any step a test starts), so either may confirm the other's proposals. Safe to call again.
    /// </summary>
    public static async Task EnsureAdminsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        foreach (var admin in new[] { Proposer, OtherAdmin })
        {
            if (await users.FindByIdAsync(admin.UserId) is not null)
                continue;
            var user = new ApplicationUser { Id = admin.UserId, UserName = admin.Name, Email = admin.Name, EmailConfirmed = true, DisplayName = admin.Name };
            Assert.True((await users.CreateAsync(user, TestAccounts.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.PlatformAdmin)).Succeeded);
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.AdminGrants.Add(new AdminGrant
            {
                UserId = user.Id, RequestedBy = AdminGrant.ByOperator, RequestedAt = DateTimeOffset.UnixEpoch,
                State = AdminGrantState.Granted, GrantedAt = DateTimeOffset.UnixEpoch,
            });
            await db.SaveChangesAsync();
        }
    }

    /// <summary>Sets the default (<paramref name="sector"/> null) or a sector minimum; fails the test when either step is refused.</summary>
    public static async Task SetAsync(IServiceProvider services, Sector? sector, float value, CancellationToken cancellationToken = default)
    {
        await EnsureAdminsAsync(services);
        var proposals = services.GetRequiredService<ThresholdProposals>();
        var proposed = await proposals.ProposeAsync(Proposer, sector, value, "Set by a test, through both admins", cancellationToken);
        Assert.True(proposed.Succeeded, proposed.Error);
        var confirmed = await proposals.ConfirmAsync(OtherAdmin, proposed.Value, cancellationToken);
        Assert.True(confirmed.Succeeded, confirmed.Error);
    }
}
