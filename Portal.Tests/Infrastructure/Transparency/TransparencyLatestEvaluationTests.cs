using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Transparency;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Transparency;

/// <summary>
/// Issue 17, point 3: the latest completed evaluation feeds the transparency report, under the 5-people rule for its
/// groups, a column at a time (a column with one small value is withheld whole, or the overall minus the rest would show it).
/// </summary>
public sealed class TransparencyLatestEvaluationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await InfrastructureHost.StartAsync(_data.Path, configure: services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task TheLatestEvaluationIsPublishedWithItsColumnsOfAtLeastFivePeoplePerValueInThePageDataAndBothDownloads()
    {
        var evaluation = SeededEvaluations.Report(10, 2, SeededEvaluations.Group("site", "north", 5, 2), SeededEvaluations.Group("site", "south", 5, 2),
            SeededEvaluations.Group("sex", "f", 9, 2), SeededEvaluations.Group("sex", "m", 1, 2));
        await SeededEvaluations.AddCompletedAsync(_host.Services, "Ward 7 set", evaluation, new DateTimeOffset(2026, 6, 20, 10, 0, 0, TimeSpan.Zero));

        var report = await _host.Get<TransparencyReports>().ComputeAsync(Now);

        var test = Assert.IsType<PublishedTest>(report.LatestTest);
        Assert.Equal((FacePipelineVersion.Current, 0.40f, new DateTimeOffset(2026, 6, 20, 10, 0, 0, TimeSpan.Zero)), (test.PipelineVersion, test.Threshold, test.CompletedAt));
        Assert.Equal(["site = north", "site = south"], test.Groups.Select(g => g.Label));
        Assert.Equal("sex: not shown, a value has fewer than 5 people", Assert.Single(test.Withheld).Text);
        var fmr = PublishedTest.Text(evaluation.Overall.FalseMatch);
        var csv = TransparencyDownloads.Csv(report);
        Assert.Contains($"evaluation-false-match-rate,False match rate (95 % interval): All pairs,{fmr}", csv);
        Assert.Contains("evaluation-false-non-match-rate,False non-match rate (95 % interval): site = south,", csv);
        Assert.Contains("evaluation-not-shown,Not shown: sex,\"not shown, a value has fewer than 5 people\"", csv);
        Assert.Contains("evaluation-completed-at,Latest evaluation: completed (UTC),2026-06-20T10:00:00.0000000Z", csv);
        Assert.DoesNotContain("sex = ", csv);
        using var json = JsonDocument.Parse(TransparencyDownloads.Json(report));
        var latest = json.RootElement.GetProperty("latestEvaluation");
        Assert.Equal(fmr, latest.GetProperty("overall").GetProperty("falseMatchRate").GetProperty("text").GetString());
        Assert.Equal(2, latest.GetProperty("groups").GetArrayLength());
        Assert.Equal("sex: not shown, a value has fewer than 5 people", latest.GetProperty("notShown")[0].GetProperty("text").GetString());
        Assert.Equal(FacePipelineVersion.Current, latest.GetProperty("pipelineVersion").GetInt32());
        Assert.DoesNotContain("Ward 7 set", json.RootElement.ToString());
        Assert.DoesNotContain("sex = ", json.RootElement.ToString());
    }
}
