using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>
/// One migration set per provider, both checked in. A model change needs a migration in each set; the SQLite set
/// keeps its history exactly, or databases already in use would stop migrating.
/// </summary>
public sealed class MigrationSetTests
{
    private static readonly string[] SqliteHistory =
    [
        "20261126133959_InitialSchema", "20261126140407_PartnerOrganisations", "20261126143408_MoratoriaAndJobQueue",
        "20261126151009_FaceStore", "20261126152806_GalleriesCasesAndQueue", "20261126164305_ReviewAndAuditViewer",
        "20261130155356_JobFailureReason",
    ];

    [Fact]
    public void TheSqliteMigrationsCaptureTheWholeModel()
    {
        using var services = Portal(sqlite: true);
        using var db = Context(services);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The SQLite model has changes no migration captures: dotnet ef migrations add <Name> --context PortalDbContext");
    }

    [Fact]
    public void ThePostgreSqlMigrationsCaptureTheWholeModel()
    {
        using var services = Portal(sqlite: false);
        using var db = Context(services);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The PostgreSQL model has changes no migration captures: dotnet ef migrations add <Name> --context PostgreSqlPortalDbContext --output-dir Persistence/Migrations/PostgreSql");
    }

    [Fact]
    public void TheSqliteMigrationHistoryStartsAsItAlwaysHas()
    {
        using var services = Portal(sqlite: true);
        using var db = Context(services);

        Assert.Equal(SqliteHistory, db.Database.GetMigrations().Take(SqliteHistory.Length));
    }

    [Fact]
    public void EachProviderMigratesWithItsOwnSetOnly()
    {
        using var sqliteServices = Portal(sqlite: true);
        using var postgreSqlServices = Portal(sqlite: false);
        using var sqlite = Context(sqliteServices);
        using var postgreSql = Context(postgreSqlServices);

        var postgreSqlMigrations = postgreSql.Database.GetMigrations().ToList();

        Assert.NotEmpty(postgreSqlMigrations);
        Assert.Empty(postgreSqlMigrations.Intersect(sqlite.Database.GetMigrations()));
        Assert.All(postgreSql.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Migrations.Values,
            migration => Assert.EndsWith(".PostgreSql", migration.Namespace));
    }

    [Fact]
    public void TheDesignTimePostgreSqlModelIsTheOneThePortalRuns()
    {
        using var services = Portal(sqlite: false);
        using var running = Context(services);
        using var designTime = new PostgreSqlDesignTimeDbContextFactory().CreateDbContext([]);

        Assert.Empty(running.GetService<IMigrationsModelDiffer>().GetDifferences(
            designTime.GetService<IDesignTimeModel>().Model.GetRelationalModel(),
            running.GetService<IDesignTimeModel>().Model.GetRelationalModel()));
    }

    // The model as the running portal builds it: Identity shapes its tables from the options registered there.
    private static ServiceProvider Portal(bool sqlite) => StandaloneServices.Build(new Dictionary<string, string?>
    {
        ["Portal:DataDirectory"] = Path.Combine(Path.GetTempPath(), "reunite-never-created"),
        ["Portal:Database:Provider"] = sqlite ? "Sqlite" : "PostgreSQL",
        ["ConnectionStrings:Portal"] = "Host=127.0.0.1;Port=1;Database=never-connected",
    }, Path.GetTempPath());

    private static PortalDbContext Context(ServiceProvider services) =>
        services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
}
