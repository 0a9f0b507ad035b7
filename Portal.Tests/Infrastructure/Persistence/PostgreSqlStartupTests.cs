using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>The portal on PostgreSQL: start-up migrates an empty database and seeds it; instants read back exactly.</summary>
public sealed class PostgreSqlStartupTests
{
    [PostgreSqlFact]
    public async Task StartUpMigratesAnEmptyPostgreSqlDatabaseAndSeedsTheAdminAndTheDemoData()
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path, seedDemoData: true, database: await TestDatabase.PostgreSqlAsync());

        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.IsType<PostgreSqlPortalDbContext>(db);
        Assert.True(db.Database.IsNpgsql());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.True(await db.Users.AnyAsync(u => u.NormalizedEmail == TestAccounts.AdminEmail.ToUpperInvariant()));
        Assert.True(await db.Users.AnyAsync(u => u.NormalizedEmail == "STAFF@THORN.EXAMPLE"));
        Assert.True(await db.Organisations.AnyAsync(o => o.Status == OrganisationStatus.Approved));
        Assert.True(await db.Moratoria.AnyAsync(m => m.Title == Portal.Infrastructure.Seeding.DemoMoratorium.Title));
        Assert.False(File.Exists(RawDatabase.File(data.Path)));
    }

    [PostgreSqlFact]
    public async Task StartingAgainOnTheSameDatabaseMigratesNothingAndSeedsNothingTwice()
    {
        var database = await TestDatabase.PostgreSqlAsync();
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await using (var _ = await InfrastructureHost.StartAsync(first.Path, seedDemoData: true, database: database)) { }

        await using var host = await InfrastructureHost.StartAsync(second.Path, seedDemoData: true, database: database);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == "STAFF@THORN.EXAMPLE"));
        Assert.Equal(await db.Organisations.Select(o => o.Name).Distinct().CountAsync(), await db.Organisations.CountAsync());
    }

    [PostgreSqlFact]
    public async Task AnAuditEntryAJobAndAMoratoriumReadBackWithTheirInstantsExactlyAsWritten()
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path, seedDemoData: true, database: await TestDatabase.PostgreSqlAsync());
        var contexts = host.Get<IDbContextFactory<PortalDbContext>>();
        var now = host.Get<TimeProvider>().GetUtcNow();
        var organisationId = await OrganisationIdAsync(contexts);
        var job = new RecognitionJob
        {
            Kind = JobKind.SearchProbe, SubjectId = Guid.NewGuid(), OrganisationId = organisationId, SubmittedBy = "tester",
            NotBefore = now, CreatedAt = now, StartedAt = now, LeaseExpiresAt = now.AddMinutes(1),
        };
        var moratorium = new Moratorium
        {
            Title = "Round trip", Sectors = [Sector.LawEnforcement], StartsAt = now, EndsAt = now.AddDays(30),
            Revisions = [new MoratoriumRevision { At = now, Actor = "tester", Change = "created", Reason = "a test" }],
        };
        await using (var write = await contexts.CreateDbContextAsync())
        {
            write.Jobs.Add(job);
            write.Moratoria.Add(moratorium);
            await write.SaveChangesAsync();
        }
        await host.Get<AuditLog>().RecordAsync("tester", AuditActions.SignIn, "round-trip", "instants");

        await using var read = await contexts.CreateDbContextAsync();
        var storedJob = await read.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
        var storedMoratorium = await read.Moratoria.AsNoTracking().SingleAsync(m => m.Id == moratorium.Id);
        var entry = await read.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync();

        Assert.Equal((job.NotBefore, job.CreatedAt, job.StartedAt, job.LeaseExpiresAt),
            (storedJob.NotBefore, storedJob.CreatedAt, storedJob.StartedAt, storedJob.LeaseExpiresAt));
        Assert.Equal((moratorium.StartsAt, moratorium.EndsAt, now), (storedMoratorium.StartsAt, storedMoratorium.EndsAt, storedMoratorium.Revisions.Single().At));
        Assert.Equal(TimeSpan.Zero, entry.Timestamp.Offset);
        Assert.Equal(1, await read.Jobs.CountAsync(j => j.Id == job.Id && j.NotBefore <= now && j.LeaseExpiresAt > now));
        // The chain hashes every timestamp's ticks: it verifies only if each one read back exactly.
        var verification = await host.Get<AuditLog>().VerifyAsync();
        Assert.True(verification.IsIntact, verification.Reason);
        Assert.True(verification.RowsChecked > 0);
    }

    private static async Task<Guid> OrganisationIdAsync(IDbContextFactory<PortalDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Organisations.Select(o => o.Id).FirstAsync();
    }
}
