using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Lifecycle.Holds;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>Legal holds on a real database with a fake clock: two admins for every change, refusals audited, reviews flagged.</summary>
public sealed class LegalHoldTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private const string Reason = "Family court proceedings about the child named in the case";
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(T0);
    private InfrastructureHost _host = default!;
    private Actor _first = default!, _second = default!, _staff = default!;
    private Guid _thorn;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, configure: services => services.AddSingleton<TimeProvider>(_time));
        _first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        _second = await SecondAdminAsync(_host, "second-admin@reunite.example");
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _thorn = _staff.OrganisationId!.Value;
    }

    private LegalHolds Holds => _host.Get<LegalHolds>();

    [Fact]
    public async Task PlacingNeedsAnExistingTargetAReasonAReferenceAndAFutureReviewDate()
    {
        var noReason = await Holds.PlaceAsync(_first, HoldScope.Organisation, _thorn, " ", "Order 17", T0.AddDays(30));
        var noReference = await Holds.PlaceAsync(_first, HoldScope.Organisation, _thorn, Reason, "", T0.AddDays(30));
        var pastReview = await Holds.PlaceAsync(_first, HoldScope.Organisation, _thorn, Reason, "Order 17", T0);
        var noSuchCase = await Holds.PlaceAsync(_first, HoldScope.Case, Guid.NewGuid(), Reason, "Order 17", T0.AddDays(30));

        Assert.Equal(("Give a reason.", OutcomeKind.Invalid), (noReason.Error, noReason.Kind));
        Assert.Equal(OutcomeKind.Invalid, noReference.Kind);
        Assert.Equal("Give a review date in the future.", pastReview.Error);
        Assert.Equal(OutcomeKind.Invalid, noSuchCase.Kind);
        await using var db = await DbAsync();
        Assert.False(await db.LegalHolds.AnyAsync());
    }

    [Fact]
    public async Task ThePlacerCannotConfirmTheirHoldAndASecondAdminCan()
    {
        var hold = await PlaceAsync(HoldScope.Organisation, _thorn);

        var byPlacer = await Holds.ConfirmAsync(_first, hold);
        var bySecond = await Holds.ConfirmAsync(_second, hold);

        Assert.Equal(OutcomeKind.Forbidden, byPlacer.Kind);
        Assert.True(bySecond.Succeeded, bySecond.Error);
        await using var db = await DbAsync();
        var stored = await db.LegalHolds.SingleAsync(h => h.Id == hold);
        Assert.Equal((_second.UserId, T0), (stored.ConfirmedBy, stored.ConfirmedAt));
        Assert.True(HoldRules.IsActive(stored));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.HoldRefused && e.Target == $"hold:{hold}" && e.Actor == "user:" + _first.UserId));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.HoldConfirmed && e.Target == $"hold:{hold}"));
    }

    [Fact]
    public async Task APartnerIsRefusedEveryStepAndEachRefusalIsAudited()
    {
        var hold = await PlaceAsync(HoldScope.Organisation, _thorn);

        var place = await Holds.PlaceAsync(_staff, HoldScope.Organisation, _thorn, Reason, "Order 17", T0.AddDays(30));
        var confirm = await Holds.ConfirmAsync(_staff, hold);
        var list = await Holds.ListAsync(_staff, HoldFilter.Pending);

        Assert.Equal([OutcomeKind.Forbidden, OutcomeKind.Forbidden, OutcomeKind.Forbidden], [place.Kind, confirm.Kind, list.Kind]);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.LegalHolds.CountAsync());
        Assert.Null((await db.LegalHolds.SingleAsync()).ConfirmedAt);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.HoldRefused && e.Actor == "user:" + _staff.UserId));
    }

    [Fact]
    public async Task ReleaseIsAskedForByOneAdminAndConfirmedByAnother()
    {
        var gallery = (await _host.Get<GalleryService>().CreateAsync(_staff, new NewGallery("Held intake", "", "tests"))).Value;
        var hold = await ActiveAsync(HoldScope.Gallery, gallery);

        Assert.Equal(OutcomeKind.Conflict, (await Holds.ConfirmReleaseAsync(_first, hold)).Kind);
        Assert.Equal(OutcomeKind.Invalid, (await Holds.RequestReleaseAsync(_second, hold, "")).Kind);
        Assert.True((await Holds.RequestReleaseAsync(_second, hold, "The order was lifted")).Succeeded);
        Assert.Equal(OutcomeKind.Forbidden, (await Holds.ConfirmReleaseAsync(_second, hold)).Kind);
        Assert.Single((await Holds.ListAsync(_first, HoldFilter.Active)).Value!, v => v.Hold.Id == hold);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.True((await Holds.ConfirmReleaseAsync(_first, hold)).Succeeded);

        var released = Assert.Single((await Holds.ListAsync(_first, HoldFilter.Released)).Value!);
        Assert.Equal((hold, "Held intake", "Thorn"), (released.Hold.Id, released.TargetName, released.OrganisationName));
        Assert.Equal((_first.UserId, T0.AddHours(1)), (released.Hold.ReleaseConfirmedBy, released.Hold.ReleasedAt));
        Assert.False(HoldCoverage.IsGalleryHeld([released.Hold], gallery, _thorn));
        Assert.Empty((await Holds.ListAsync(_first, HoldFilter.Active)).Value!);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.HoldReleaseRequested && e.Actor == "user:" + _second.UserId));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.HoldReleased && e.Actor == "user:" + _first.UserId));
    }

    [Fact]
    public async Task AHoldIsFlaggedOnceItsReviewDateHasComeAndNotBefore()
    {
        var hold = await ActiveAsync(HoldScope.Organisation, _thorn, review: T0.AddDays(30));
        var pending = await PlaceAsync(HoldScope.Organisation, _thorn, review: T0.AddDays(10));

        Assert.Empty((await Holds.FlaggedAsync(_first, T0.AddDays(30).AddTicks(-1))).Value!);
        var flagged = Assert.Single((await Holds.FlaggedAsync(_first, T0.AddDays(30))).Value!);
        Assert.Equal(hold, flagged.Hold.Id);
        // A pending hold protects nothing, so it is never "overdue".
        Assert.DoesNotContain((await Holds.FlaggedAsync(_first, T0.AddDays(40))).Value!, v => v.Hold.Id == pending);

        _time.SetUtcNow(T0.AddDays(31));
        Assert.True(Assert.Single((await Holds.ListAsync(_first, HoldFilter.Active)).Value!).PastReview);
    }

    [Fact]
    public async Task TheListsNameTheTargetAndTheAdmins()
    {
        var held = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-HOLD-1", 0);
        var hold = await ActiveAsync(HoldScope.Case, held.CaseId);

        var view = Assert.Single((await Holds.ListAsync(_first, HoldFilter.Active)).Value!);

        Assert.Equal((hold, "TH-HOLD-1", "Thorn", _thorn), (view.Hold.Id, view.TargetName, view.OrganisationName, view.Hold.OrganisationId));
        Assert.Equal(("Platform admin", "second-admin@reunite.example"), (view.PlacedByName, view.ConfirmedByName));
        Assert.Empty((await Holds.ListAsync(_first, HoldFilter.Pending)).Value!);
        Assert.Contains((await Holds.TargetsAsync(_first, HoldScope.Case, "th-hold")).Value!, t => t.Id == held.CaseId);
    }

    [Fact]
    public async Task AuditEntriesCarryIdsButNeverTheReasonOrTheReference()
    {
        var hold = await ActiveAsync(HoldScope.Organisation, _thorn);
        await Holds.RequestReleaseAsync(_first, hold, "Released after the hearing of the named child");
        await Holds.ConfirmReleaseAsync(_second, hold);

        await using var db = await DbAsync();
        var entries = await db.AuditEntries.Where(e => e.Target == $"hold:{hold}").ToListAsync();
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Contains($"organisation:{_thorn}", e.Details));
        Assert.All(entries, e => Assert.DoesNotContain("Order 17", e.Details));
        Assert.All(entries, e => Assert.DoesNotContain("child", e.Details, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AConfirmationTellsOpenPagesAfterItIsStored()
    {
        var hold = await PlaceAsync(HoldScope.Organisation, _thorn);
        var confirmedWhenHeard = new List<bool>();
        using var _ = _host.Get<Notifier<HoldsChanged>>().Subscribe(async changed =>
        {
            await using var db = await DbAsync();
            confirmedWhenHeard.Add(changed.HoldId == hold && await db.LegalHolds.AnyAsync(h => h.Id == hold && h.ConfirmedAt != null));
        });

        await Holds.ConfirmAsync(_second, hold);

        Assert.Equal([true], confirmedWhenHeard);
    }

    [Fact]
    public async Task TwoAdminsConfirmingOneHoldAtOnceConfirmItOnce()
    {
        await using var other = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        var third = await SecondAdminAsync(_host, "third-admin@reunite.example");
        for (var round = 0; round < 4; round++)
        {
            var hold = await PlaceAsync(HoldScope.Organisation, _thorn);

            var outcomes = await Task.WhenAll(Holds.ConfirmAsync(_second, hold), other.Get<LegalHolds>().ConfirmAsync(third, hold));

            Assert.Single(outcomes, o => o.Succeeded);
            Assert.Single(outcomes, o => o.Kind == OutcomeKind.Conflict);
            await using var db = await DbAsync();
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.HoldConfirmed && e.Target == $"hold:{hold}"));
            var stored = await db.LegalHolds.SingleAsync(h => h.Id == hold);
            Assert.Equal(outcomes[0].Succeeded ? _second.UserId : third.UserId, stored.ConfirmedBy);
        }
    }

    private async Task<Guid> PlaceAsync(HoldScope scope, Guid target, DateTimeOffset? review = null)
    {
        var placed = await Holds.PlaceAsync(_first, scope, target, Reason, "Order 17", review ?? T0.AddDays(30));
        Assert.True(placed.Succeeded, placed.Error);
        return placed.Value;
    }

    private async Task<Guid> ActiveAsync(HoldScope scope, Guid target, DateTimeOffset? review = null)
    {
        var hold = await PlaceAsync(scope, target, review);
        Assert.True((await Holds.ConfirmAsync(_second, hold)).Succeeded);
        return hold;
    }

    /// <summary>Another platform admin, a real account with the real role, as a second person on the team would be.</summary>
    private static async Task<Actor> SecondAdminAsync(InfrastructureHost host, string email)
    {
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
            Assert.True((await users.CreateAsync(user, TestAccounts.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.PlatformAdmin)).Succeeded);
        }
        return await ReviewScenario.ActorAsync(host.Services, email);
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
