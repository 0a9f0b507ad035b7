using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The whole portal on PostgreSQL, chosen through the test factory's database setting.</summary>
public sealed class PostgreSqlPortalTests
{
    [PostgreSqlFact]
    public async Task ThePortalRunsOnPostgreSqlWhereTheAdminSignsInAndSeesTheSeededAccounts()
    {
        using var factory = new PortalFactory { Database = await TestDatabase.PostgreSqlAsync() };
        using var client = factory.CreateBrowserLikeClient();

        var signIn = await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        var users = await client.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Contains(TestAccounts.ThornStaff, await users.Content.ReadAsStringAsync());
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(db.Database.IsNpgsql());
        var adminKey = await AuditActorKeys.OfAsync(db, TestAccounts.AdminEmail);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Actor == adminKey));
    }
}
