using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Lifecycle;
using Portal.Domain.Retention;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.ErasureBed;
using static Portal.Tests.Infrastructure.Lifecycle.SweepBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>The schedule's "accounts of removed members": erased by the sweep once the period after removal has passed.</summary>
public sealed class RemovedAccountErasureTests : IAsyncLifetime
{
    private const string Leaver = "leaver@thorn.example";
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero));
    private QueueTestBed _bed = null!;
    private Actor _lead = null!;
    private Guid _organisation;

    public async Task InitializeAsync()
    {
        _bed = await SweepBed.StartAsync(_data.Path, _clock);
        _lead = await _bed.ThornStaffAsync(); // an admin of Thorn
        _organisation = _lead.OrganisationId!.Value;
    }

    private OrganisationMembers Members => _bed.Host.Get<OrganisationMembers>();

    private Task SweepAsync() => _bed.Host.Get<RetentionSweep>().RunAsync(_organisation);

    private async Task<string> JoinAsync(string email)
    {
        Assert.True((await Members.InviteAsync(_lead, _organisation, email, Roles.Reviewer)).Succeeded);
        var link = _bed.Host.Get<IMailPickup>().LatestLinkTo(email, "/invitations/accept");
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;
        Assert.True((await Members.AcceptAsync(token, "Lee Leaver", "leaver-password-123")).Succeeded);
        return await ReadAsync(_bed.Host, db => db.Users.Where(u => u.Email == email && u.ErasedAt == null).Select(u => u.Id).SingleAsync());
    }

    private async Task<ApplicationUser> UserAsync(string id) => await ReadAsync(_bed.Host, db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));

    [Fact]
    public async Task ARemovedMembersDetailsAreErasedEverywhereNinetyDaysAfterRemovalAndNotADayBefore()
    {
        var id = await JoinAsync(Leaver);
        await using (var scope = _bed.Host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 3);
            await users.SetTwoFactorEnabledAsync(user, true);
            await users.SetPhoneNumberAsync(user, "+44 20 7946 0000");
        }
        var copies = await AccountCopies.SeedAsync(_bed.Host, await ReviewScenario.ActorAsync(_bed.Host.Services, Leaver), _lead.Name);
        Assert.True((await Members.RemoveMemberAsync(_lead, id)).Succeeded);
        Assert.Equal(_clock.GetUtcNow(), (await UserAsync(id)).RemovedAt);

        _clock.Advance(TimeSpan.FromDays(89));
        await SweepAsync();
        Assert.Equal(Leaver, (await UserAsync(id)).Email);
        Assert.Equal(AccountCopies.Count, await copies.HoldingAsync(Leaver));

        _clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync();
        await SweepAsync(); // idempotent: erased once

        var erased = await UserAsync(id);
        Assert.Equal(($"erased-{id}@invalid", $"erased-{id}@invalid".ToUpperInvariant(), AuditActor.ErasedLabel), (erased.Email, erased.NormalizedUserName, erased.DisplayName));
        Assert.Equal((null, null, false), (erased.PasswordHash, erased.PhoneNumber, erased.TwoFactorEnabled));
        Assert.Equal(DateTimeOffset.MaxValue, erased.LockoutEnd);
        Assert.NotNull(erased.ErasedAt);
        Assert.False(await ReadAsync(_bed.Host, db => db.UserTokens.AnyAsync(t => t.UserId == id)));
        Assert.Equal(0, await copies.HoldingAsync(Leaver));
        Assert.Equal(AccountCopies.Count, await copies.HoldingAsync(AuditActor.ErasedLabel));
        Assert.True(await copies.OthersKeptAsync(), "a copy naming someone else is left as it was");

        var key = $"user:{id}";
        var actor = await ReadAsync(_bed.Host, db => db.AuditActors.SingleAsync(a => a.Key == key));
        Assert.Equal((null, null), (actor.DisplayName, actor.Email));
        Assert.NotNull(actor.ErasedAt);
        var entry = Assert.Single(await ReadAsync(_bed.Host, db => db.AuditEntries.Where(e => e.Action == AuditActions.AccountErased).ToListAsync()));
        Assert.Equal(key, entry.Target);
        Assert.DoesNotContain("@", entry.Details, StringComparison.Ordinal);
        Assert.True((await _bed.Host.Get<IAuditLog>().VerifyAsync()).IsIntact);

        await using (var scope = _bed.Host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.Null(await users.FindByEmailAsync(Leaver));
            Assert.Null(await users.FindByNameAsync(Leaver));
            Assert.False(await users.CheckPasswordAsync(erased, "leaver-password-123"));
        }
        var newcomer = await JoinAsync(Leaver); // the address is free again: a new account, not the old one
        Assert.NotEqual(id, newcomer);
    }

    [Fact]
    public async Task TheShorterPeriodOfTheOrganisationTheMemberLeftApplies()
    {
        // Set as the organisation's admin sets it on its retention page.
        var set = await _bed.Host.Get<Portal.Infrastructure.Retention.RetentionOverrides>().SetOrganisationAsync(_lead, _organisation, DataKind.RemovedAccounts, 30);
        Assert.True(set.Succeeded, set.Error);
        var id = await JoinAsync(Leaver);
        Assert.True((await Members.RemoveMemberAsync(_lead, id)).Succeeded);

        _clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.Null((await UserAsync(id)).ErasedAt);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync();
        Assert.NotNull((await UserAsync(id)).ErasedAt);
    }

    [Fact]
    public async Task ALegalHoldOnTheOrganisationKeepsTheDetailsWithTheSkipAuditedUntilItIsReleased()
    {
        var id = await JoinAsync(Leaver);
        Assert.True((await Members.RemoveMemberAsync(_lead, id)).Succeeded);
        var hold = await HoldAsync(_bed.Host, _organisation, HoldScope.Organisation, _organisation, _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromDays(91));

        await SweepAsync();
        Assert.Equal(Leaver, (await UserAsync(id)).Email);
        var skip = Assert.Single(await ReadAsync(_bed.Host, db => db.AuditEntries
            .Where(e => e.Action == AuditActions.ErasureSkippedHeld && e.Target == $"user:{id}").ToListAsync()));
        Assert.Contains(hold.Id.ToString(), skip.Details, StringComparison.Ordinal);

        await ChangeAsync(_bed.Host, db => db.LegalHolds.SingleAsync(h => h.Id == hold.Id), h => h.ReleasedAt = _clock.GetUtcNow());
        await SweepAsync();
        Assert.NotNull((await UserAsync(id)).ErasedAt);
    }

    [Fact]
    public async Task AMemberRemovedBeforeTheClockWasStoredGetsItFromTheAuditChainAndIsErasedOnTime()
    {
        var id = await JoinAsync(Leaver);
        var removedAt = _clock.GetUtcNow();
        Assert.True((await Members.RemoveMemberAsync(_lead, id)).Succeeded);
        // As a database from before RemovedAt existed holds it: removed, locked, no clock.
        await using (var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.Users.Where(u => u.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.RemovedAt, (DateTimeOffset?)null).SetProperty(x => x.RemovedFromOrganisationId, (Guid?)null));
        _clock.Advance(TimeSpan.FromDays(30));

        var clocks = _bed.Host.Get<RemovedAccountClocks>();
        Assert.Equal(1, await clocks.RestoreAsync());
        Assert.Equal(0, await clocks.RestoreAsync());
        var restored = await UserAsync(id);
        Assert.Equal((removedAt, _organisation), (restored.RemovedAt, restored.RemovedFromOrganisationId));

        _clock.Advance(TimeSpan.FromDays(60));
        await SweepAsync();
        Assert.Equal($"erased-{id}@invalid", (await UserAsync(id)).Email);
        Assert.Equal(1, await ReadAsync(_bed.Host, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.RemovedAccountClocksRestored)));
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
