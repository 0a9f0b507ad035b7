using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Galleries;
using Portal.Domain.Identity;
using Portal.Domain.Review;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>
/// Two hosts (standing for two processes) write to one database at once; each check-then-write holds as it does
/// with one writer. Each case runs on SQLite and, where the server binaries are installed, on PostgreSQL.
/// </summary>
public sealed class ConcurrentWritersTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public Task TwoHostsAppendingAtOnceLeaveOneUnforkedAuditChainOnSqlite() => AuditChainHoldsAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task TwoHostsAppendingAtOnceLeaveOneUnforkedAuditChainOnPostgreSql() => await AuditChainHoldsAsync(await TestDatabase.PostgreSqlAsync());

    [Fact]
    public Task TwoReviewersDecidingOneCandidateAtOnceMakeOneFirstAndOneSecondDecisionOnSqlite() => ReviewsTakeTurnsAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task TwoReviewersDecidingOneCandidateAtOnceMakeOneFirstAndOneSecondDecisionOnPostgreSql() => await ReviewsTakeTurnsAsync(await TestDatabase.PostgreSqlAsync());

    [Fact]
    public Task AnInvitationAcceptedTwiceAtOnceMakesOneAccountOnSqlite() => InvitationUsedOnceAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task AnInvitationAcceptedTwiceAtOnceMakesOneAccountOnPostgreSql() => await InvitationUsedOnceAsync(await TestDatabase.PostgreSqlAsync());

    private async Task AuditChainHoldsAsync(TestDatabase database)
    {
        await using var first = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database);
        await using var second = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database);
        var (entries, galleries) = (await CountAsync(first, AuditActions.SignIn), await CountAsync(first, AuditActions.GalleryCreated));
        var staff = await ReviewScenario.ActorAsync(first.Services, TestAccounts.ThornStaff);

        // Plain entries (which retry on a taken sequence) and galleries saved with their entry (which do not) at once.
        var writes = new[] { first, second }.SelectMany((host, h) => Enumerable.Range(0, 100)
            .Select(i => host.Get<AuditLog>().RecordAsync("tester", AuditActions.SignIn, $"host{h}", $"entry {i}"))
            .Concat(Enumerable.Range(0, 25).Select(async i =>
                Assert.True((await host.Get<GalleryService>().CreateAsync(staff, new NewGallery($"Host {h} gallery {i}", "", "tests"))).Succeeded))));
        await Task.WhenAll(writes);

        Assert.Equal((entries + 200, galleries + 50), (await CountAsync(first, AuditActions.SignIn), await CountAsync(first, AuditActions.GalleryCreated)));
        var verification = await second.Get<AuditLog>().VerifyAsync();
        Assert.True(verification.IsIntact, verification.Reason);
    }

    private async Task ReviewsTakeTurnsAsync(TestDatabase database)
    {
        await using var first = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database);
        await using var second = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database);
        var staff = await ReviewScenario.ActorAsync(first.Services, TestAccounts.ThornStaff);
        var seeded = await ReviewScenario.SearchedCaseAsync(first.Services, staff, "RACE-1", candidates: 12);
        var one = await ReviewScenario.ActorAsync(first.Services, "reviewer@thorn.example");
        var two = await ReviewScenario.ActorAsync(second.Services, "reviewer2@thorn.example");

        var outcomes = await Task.WhenAll(seeded.Candidates.SelectMany(candidate => new[]
        {
            first.Get<ReviewService>().DecideAsync(one, candidate, ReviewVerdict.Confirm, "same face"),
            second.Get<ReviewService>().DecideAsync(two, candidate, ReviewVerdict.Confirm, "same face"),
        }));

        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Error));
        await using var db = await first.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        foreach (var candidate in seeded.Candidates)
        {
            var stages = await db.ReviewDecisions.Where(d => d.CandidateId == candidate).Select(d => d.Stage).OrderBy(s => s).ToListAsync();
            Assert.Equal([ReviewStage.First, ReviewStage.Second], stages);
            Assert.Equal(ReviewState.Confirmed, (await db.Candidates.SingleAsync(c => c.Id == candidate)).ReviewState);
        }
    }

    private async Task InvitationUsedOnceAsync(TestDatabase database)
    {
        await using var first = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database);
        await using var second = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database);
        var staff = await ReviewScenario.ActorAsync(first.Services, TestAccounts.ThornStaff);
        const string email = "race@invite.example";
        Assert.True((await first.Get<OrganisationMembers>().InviteAsync(staff, staff.OrganisationId!.Value, email, Roles.Reviewer)).Succeeded);
        var link = first.Get<IMailPickup>().LatestLinkTo(email, "/invitations/accept");
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;

        var outcomes = await Task.WhenAll(
            first.Get<OrganisationMembers>().AcceptAsync(token, "First", "first-password-123"),
            second.Get<OrganisationMembers>().AcceptAsync(token, "Second", "second-password-123"));

        Assert.Single(outcomes, o => o.Succeeded);
        await using var db = await first.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.MemberJoined));
    }

    private static async Task<int> CountAsync(InfrastructureHost host, string action)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(e => e.Action == action);
    }

    public void Dispose() => _data.Dispose();
}
