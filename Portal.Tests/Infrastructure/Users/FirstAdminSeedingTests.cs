using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Identity;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Users;

/// <summary>
/// The configured first admin is seeded on a portal that never had one, and never again: a re-seeded admin would be
/// an independent second vote whose password everyone reading the configuration knows.
/// </summary>
public sealed class FirstAdminSeedingTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TheFirstAdminIsSeededOnceAndNotAgainAfterTheAccountWentOrUnderANewEmail()
    {
        await using (var first = await InfrastructureHost.StartAsync(_data.Path))
        {
            Assert.NotNull(await FindAsync(first, TestAccounts.AdminEmail));
            Assert.True((await first.Get<OperatorAdminGrants>().GrantAsync("operator-made@reunite.example")).Succeeded);
            using var scope = first.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByEmailAsync(TestAccounts.AdminEmail))!)).Succeeded);
        }

        await using var again = await InfrastructureHost.StartAsync(_data.Path);
        await using var renamed = await InfrastructureHost.StartAsync(_data.Path,
            settings: new Dictionary<string, string?> { ["Portal:Admin:Email"] = "someone-new@reunite.example" });

        Assert.Null(await FindAsync(again, TestAccounts.AdminEmail));
        Assert.Null(await FindAsync(renamed, "someone-new@reunite.example"));
    }

    private static async Task<ApplicationUser?> FindAsync(InfrastructureHost host, string email)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email);
    }
}
