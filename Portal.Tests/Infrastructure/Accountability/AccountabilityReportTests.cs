using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Cases;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Accountability;

/// <summary>
/// The public accountability report's facts: shared for at most five minutes (as the transparency report), the latest
/// evaluation under the small-count rule, and the same thresholds in force as the admins see.
/// </summary>
public sealed class AccountabilityReportTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await InfrastructureHost.StartAsync(_data.Path, configure: services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task TheFactsAreGeneratedOnceAndSharedForFiveMinutes()
    {
        var report = _host.Get<AccountabilityReport>();
        var first = await report.GenerateAsync();
        await SeededEvaluations.AddCompletedAsync(_host.Services, "Spring set", SeededEvaluations.Report(5, 2), _clock.GetUtcNow());

        _clock.Advance(AccountabilityReport.CacheFor - TimeSpan.FromSeconds(1));
        var shared = await report.GenerateAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = await report.GenerateAsync();

        Assert.Same(first, shared);
        Assert.Null(shared.LatestTest);
        Assert.NotNull(renewed.LatestTest);
    }

    [Fact]
    public async Task AColumnWithAValueOfFewerThanFivePeopleIsWithheldWholeAndTheListIsCapped()
    {
        // Sixty values of five people each (shown up to the cap); by sex one person with six photos, by age four people with two:
        // both columns withheld whole, said in words.
        var large = Enumerable.Range(0, 60).Select(i => SeededEvaluations.Group("site", $"s{i:00}", 5, 2));
        var report = SeededEvaluations.Report(6, 2, [.. large, SeededEvaluations.Group("sex", "m", 1, 6), SeededEvaluations.Group("age", "70+", 4, 2)]);
        await SeededEvaluations.AddCompletedAsync(_host.Services, "Wide set", report, _clock.GetUtcNow());

        var test = (await _host.Get<AccountabilityReport>().GenerateAsync()).LatestTest!;

        Assert.Equal(PublishedTest.MaxGroups, test.Groups.Count);
        Assert.Equal("site = s00", test.Groups[0].Label);
        Assert.Equal(10, test.GroupsOverCap);
        Assert.Equal(["sex: not shown, a value has fewer than 5 people", "age: not shown, a value has fewer than 5 people"], test.Withheld.Select(w => w.Text));
        Assert.DoesNotContain(test.Groups, g => g.Label.StartsWith("sex", StringComparison.Ordinal) || g.Label.StartsWith("age", StringComparison.Ordinal));
        Assert.Equal("All pairs", test.Overall.Label);
    }

    [Fact]
    public async Task PublishesTheMinimumsInForceTheAdminsSeeAndTheOnePinnedModelList()
    {
        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // One stored below the default (never in force below it), one above.
            db.SectorThresholds.Add(new SectorThreshold { Sector = Sector.Research, Minimum = 0.30f, UpdatedAt = _clock.GetUtcNow() });
            db.SectorThresholds.Add(new SectorThreshold { Sector = Sector.LawEnforcement, Minimum = 0.60f, UpdatedAt = _clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        var facts = await _host.Get<AccountabilityReport>().GenerateAsync();
        var admins = await _host.Get<ThresholdService>().SectorMinimumsAsync(GovernedThresholds.Proposer);

        Assert.True(admins.Succeeded, admins.Error);
        Assert.Equal(admins.Value, facts.Thresholds.SectorMinimums);
        Assert.Equal((0.40f, 0.60f), (facts.Thresholds.SectorMinimums[Sector.Research], facts.Thresholds.SectorMinimums[Sector.LawEnforcement]));
        Assert.Equal(ModelFiles.Sha256.Keys.Order(), facts.Models.Select(m => m.File).Order());
    }
}
