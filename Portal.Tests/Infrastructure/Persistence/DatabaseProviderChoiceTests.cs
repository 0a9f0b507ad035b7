using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>Portal:Database:Provider picks the database; SQLite stays the default, PostgreSQL needs its connection string.</summary>
public sealed class DatabaseProviderChoiceTests
{
    private const string Missing = "ConnectionStrings:Portal is required when Portal:Database:Provider is PostgreSQL";

    [Fact]
    public async Task WithoutAChoiceThePortalKeepsItsDataInSqlite()
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path);

        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.True(db.Database.IsSqlite());
        Assert.Equal(typeof(PortalDbContext), db.GetType());
        Assert.True(File.Exists(RawDatabase.File(data.Path)));
    }

    [Fact]
    public async Task ThePostgreSqlProviderWithoutAConnectionStringRefusesToStartSayingWhatIsMissing()
    {
        using var data = new TempDirectory();

        var failure = await Assert.ThrowsAnyAsync<OptionsValidationException>(() =>
            InfrastructureHost.StartAsync(data.Path, settings: new Dictionary<string, string?> { ["Portal:Database:Provider"] = "PostgreSQL" }));

        Assert.Contains(Missing, failure.Message);
        Assert.False(File.Exists(RawDatabase.File(data.Path)));
    }

    [Fact]
    public void ThePortalDoesNotStartOnPostgreSqlWithoutAConnectionString()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Database:Provider"] = "PostgreSQL";

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => factory.Services);

        Assert.Contains(Missing, failure.Message);
    }

    [Fact]
    public async Task ThePostgreSqlProviderHandsOutThePostgreSqlContextWithTheConfiguredConnection()
    {
        using var data = new TempDirectory();
        var services = Portal.Infrastructure.Hosting.StandaloneServices.Build(new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = data.Path,
            ["Portal:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Portal"] = "Host=127.0.0.1;Port=1;Database=nowhere",
        }, data.Path);
        await using var _ = services;

        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.IsType<PostgreSqlPortalDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.Contains("Database=nowhere", db.Database.GetConnectionString());
    }
}
