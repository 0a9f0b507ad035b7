using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Review;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Review;

/// <summary>
/// A platform admin who is also a party to a dispute (they decided the candidate, or submitted the case) does not
/// settle it: the service refuses and audits it, and the disputes list says why.
/// </summary>
public sealed class SettleConflictTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!, _first = default!, _second = default!, _admin = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        _second = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornSecondReviewer);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private ReviewService Reviews => _host.Get<ReviewService>();

    [Fact]
    public async Task AnAdminWhoDecidedTheCandidateOrSubmittedTheCaseCannotSettleItButAnotherAdminCan()
    {
        var candidate = await DisputedCandidateAsync("TH-PARTY");
        var firstAsAdmin = _first with { IsPlatformAdmin = true };
        var secondAsAdmin = _second with { IsPlatformAdmin = true };
        var submitterAsAdmin = _staff with { IsPlatformAdmin = true };

        var byFirst = await Reviews.SettleAsync(firstAsAdmin, candidate, ReviewVerdict.Confirm, "I still think so");
        var bySecond = await Reviews.SettleAsync(secondAsAdmin, candidate, ReviewVerdict.Reject, "I still think not");
        var bySubmitter = await Reviews.SettleAsync(submitterAsAdmin, candidate, ReviewVerdict.Confirm, "it is my case");

        Assert.Equal("You decided this candidate, so another platform admin settles the dispute.", byFirst.Error);
        Assert.Equal(byFirst.Error, bySecond.Error);
        Assert.Equal("You submitted this case, so another platform admin settles its disputes.", bySubmitter.Error);
        await using (var db = await DbAsync())
        {
            Assert.Equal(ReviewState.Disputed, (await db.Candidates.SingleAsync(c => c.Id == candidate)).ReviewState);
            Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ReviewRefused && e.Target == $"candidate:{candidate}"));
        }
        var byOther = await Reviews.SettleAsync(_admin, candidate, ReviewVerdict.Reject, "the nose bridge differs");
        Assert.True(byOther.Succeeded, byOther.Error);
    }

    [Fact]
    public async Task TheDisputesListTellsAPartyWhyTheyCannotSettleAndOffersItToOthers()
    {
        var candidate = await DisputedCandidateAsync("TH-LIST");
        var records = _host.Get<ReviewRecords>();

        var seenByParty = (await records.DisputedAsync(_first with { IsPlatformAdmin = true })).Value!.Single(d => d.CandidateId == candidate);
        var seenByOther = (await records.DisputedAsync(_admin)).Value!.Single(d => d.CandidateId == candidate);

        Assert.Equal("You decided this candidate, so another platform admin settles the dispute.", seenByParty.Conflict);
        Assert.Null(seenByOther.Conflict);
    }

    [Fact]
    public async Task AReviewerAskingForTheDisputesListIsRefusedAsForbiddenNotShownAnEmptyList()
    {
        await DisputedCandidateAsync("SC-FORBID");

        var outcome = await _host.Get<ReviewRecords>().DisputedAsync(_first);

        Assert.Equal(OutcomeKind.Forbidden, outcome.Kind);
        Assert.Equal("Only platform admins see disputed candidates.", outcome.Error);
        Assert.Null(outcome.Value);
    }

    private async Task<Guid> DisputedCandidateAsync(string reference)
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, reference, 1);
        var candidate = seeded.Candidates[0];
        Assert.True((await Reviews.DecideAsync(_first, candidate, ReviewVerdict.Confirm, "looks the same")).Succeeded);
        Assert.Equal(ReviewState.Disputed, (await Reviews.DecideAsync(_second, candidate, ReviewVerdict.Reject, "different nose bridge")).Value);
        return candidate;
    }

    private async Task<PortalDbContext> DbAsync() =>
        await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
