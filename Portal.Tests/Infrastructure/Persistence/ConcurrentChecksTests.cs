using Microsoft.EntityFrameworkCore;
using Portal.Domain.Galleries;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>
/// Issue 15 item 2: a service that checks what it read and then writes reads under the write lock, so two hosts
/// (standing for two processes) acting at once act in turn, each on what the other left. On both providers.
/// </summary>
public sealed class ConcurrentChecksTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public Task TwoAdminsChangingOnePartnersStandingAtOnceLeaveAnUnbrokenHistoryOnSqlite() => StandingTakesTurnsAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task TwoAdminsChangingOnePartnersStandingAtOnceLeaveAnUnbrokenHistoryOnPostgreSql() => await StandingTakesTurnsAsync(await TestDatabase.PostgreSqlAsync());

    [Fact]
    public Task AnInvitationRevokedWhileItIsAcceptedIsUsedOrRevokedNeverBothOnSqlite() => RevokeOrAcceptAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task AnInvitationRevokedWhileItIsAcceptedIsUsedOrRevokedNeverBothOnPostgreSql() => await RevokeOrAcceptAsync(await TestDatabase.PostgreSqlAsync());

    [Fact]
    public Task TwoPeopleCreatingOneGalleryNameAtOnceMakeOneGalleryOnSqlite() => OneGalleryPerNameAsync(TestDatabase.Sqlite);

    [PostgreSqlFact]
    public async Task TwoPeopleCreatingOneGalleryNameAtOnceMakeOneGalleryOnPostgreSql() => await OneGalleryPerNameAsync(await TestDatabase.PostgreSqlAsync());

    private async Task StandingTakesTurnsAsync(TestDatabase database)
    {
        var (first, second) = await StartTwoAsync(database);
        await using var _ = first;
        await using var __ = second;
        var admin = await ReviewScenario.ActorAsync(first.Services, TestAccounts.AdminEmail);
        var thorn = (await ReviewScenario.ActorAsync(first.Services, TestAccounts.ThornStaff)).OrganisationId!.Value;

        // Each host asks for suspensions and reinstatements at once; each is valid only from the status the other left.
        var outcomes = await Task.WhenAll(new[] { first, second }.SelectMany(host => Enumerable.Range(0, 8).Select(i =>
            host.Get<OrganisationAdministration>().ChangeStatusAsync(admin, thorn,
                i % 2 == 0 ? OrganisationStatus.Suspended : OrganisationStatus.Approved, $"race {i}"))));

        await using var db = await first.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var history = await db.Organisations.Where(o => o.Id == thorn).SelectMany(o => o.History).OrderBy(h => h.Id).ToListAsync();
        var changes = history.Where(h => h.Reason.StartsWith("race", StringComparison.Ordinal)).ToList();
        Assert.Equal(outcomes.Count(o => o.Succeeded), changes.Count);
        Assert.NotEmpty(changes);
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.Equal(history[^1].To, (await db.Organisations.SingleAsync(o => o.Id == thorn)).Status);
    }

    private async Task RevokeOrAcceptAsync(TestDatabase database)
    {
        var (first, second) = await StartTwoAsync(database);
        await using var _ = first;
        await using var __ = second;
        var staff = await ReviewScenario.ActorAsync(first.Services, TestAccounts.ThornStaff);
        var members = first.Get<OrganisationMembers>();
        for (var round = 0; round < 6; round++)
        {
            var email = $"race{round}@invite.example";
            Assert.True((await members.InviteAsync(staff, staff.OrganisationId!.Value, email, Roles.Reviewer)).Succeeded);
            var token = System.Web.HttpUtility.ParseQueryString(new Uri(first.Get<IMailPickup>().LatestLinkTo(email, "/invitations/accept")).Query)["token"]!;
            var invitation = (await members.ListInvitationsAsync(staff, staff.OrganisationId!.Value)).Value!.Single(i => i.Email == email);

            var (revoked, accepted) = (second.Get<OrganisationMembers>().RevokeInvitationAsync(staff, invitation.Id),
                members.AcceptAsync(token, "Racer", "racer-password-123"));
            await Task.WhenAll(revoked, accepted);

            Assert.NotEqual((await revoked).Succeeded, (await accepted).Succeeded);
            await using var db = await first.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var stored = await db.Invitations.SingleAsync(i => i.Id == invitation.Id);
            Assert.Equal((await accepted).Succeeded, await db.Users.AnyAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));
            Assert.Equal((await revoked).Succeeded, stored.RevokedAt is not null);
        }
    }

    private async Task OneGalleryPerNameAsync(TestDatabase database)
    {
        var (first, second) = await StartTwoAsync(database);
        await using var _ = first;
        await using var __ = second;
        var staff = await ReviewScenario.ActorAsync(first.Services, TestAccounts.ThornStaff);

        var outcomes = await Task.WhenAll(new[] { first, second }.SelectMany(host => Enumerable.Range(0, 5).Select(_ =>
            host.Get<GalleryService>().CreateAsync(staff, new NewGallery("Intake at the border", "", "tests")))));

        Assert.Single(outcomes, o => o.Succeeded);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Contains("already has a gallery named", o.Error, StringComparison.Ordinal));
        await using var db = await first.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Galleries.CountAsync(g => g.Name == "Intake at the border"));
    }

    private async Task<(InfrastructureHost First, InfrastructureHost Second)> StartTwoAsync(TestDatabase database) =>
        (await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database),
            await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, database: database));

    public void Dispose() => _data.Dispose();
}
