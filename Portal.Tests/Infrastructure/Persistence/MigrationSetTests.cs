using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
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
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The SQLite model has changes no migration captures: dotnet ef migrations add <Name> --context PortalDbContext");
    }

    [Fact]
    public void ThePostgreSqlMigrationsCaptureTheWholeModel()
    {
        using var db = new PostgreSqlDesignTimeDbContextFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The PostgreSQL model has changes no migration captures: dotnet ef migrations add <Name> --context PostgreSqlPortalDbContext --output-dir Persistence/Migrations/PostgreSql");
    }

    [Fact]
    public void TheSqliteMigrationHistoryStartsAsItAlwaysHas()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.Equal(SqliteHistory, db.Database.GetMigrations().Take(SqliteHistory.Length));
    }

    [Fact]
    public void EachProviderMigratesWithItsOwnSetOnly()
    {
        using var sqlite = new DesignTimeDbContextFactory().CreateDbContext([]);
        using var postgreSql = new PostgreSqlDesignTimeDbContextFactory().CreateDbContext([]);

        var postgreSqlMigrations = postgreSql.Database.GetMigrations().ToList();

        Assert.NotEmpty(postgreSqlMigrations);
        Assert.Empty(postgreSqlMigrations.Intersect(sqlite.Database.GetMigrations()));
        Assert.All(postgreSql.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly>().Migrations.Values,
            migration => Assert.EndsWith(".PostgreSql", migration.Namespace));
    }
}
