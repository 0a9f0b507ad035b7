using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Accuracy;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Evaluations;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Retention;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Issue 17, point 4: the accountability report is generated from what runs, and public.</summary>
public sealed class PublicAccountabilityReportTests : IDisposable
{
    private static readonly Actor Admin = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    private readonly PortalFactory _factory = new();

    public PublicAccountabilityReportTests()
    {
        // Settings unlike the defaults, so the page can only show them by reading them.
        _factory.Settings["Portal:Face:MinFaceSize"] = "48";
        _factory.Settings["Portal:Uploads:MaxFileMegabytes"] = "12";
    }

    [Fact]
    public async Task AnAnonymousVisitorReadsTheModelsHashesLimitsThresholdsScheduleAndCurrentMoratoria()
    {
        using var client = _factory.CreateBrowserLikeClient();
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.SectorThresholds.Add(new SectorThreshold { Sector = Sector.Research, Minimum = 0.55f, UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var schedule = _factory.Services.GetRequiredService<MoratoriumSchedule>();
        var now = DateTimeOffset.UtcNow;
        Assert.True((await schedule.CreateAsync(Admin, new MoratoriumDraft("Police pause", [Sector.LawEnforcement], [], now.AddDays(-1), now.AddDays(300),
            "Police use is paused."), "test")).Succeeded);
        Assert.True((await schedule.CreateAsync(Admin, new MoratoriumDraft("Old pause", [Sector.Research], [], now.AddDays(-30), now.AddDays(-2),
            "Research paused."), "test")).Succeeded);

        var response = await client.GetAsync("/accountability");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(ModelFiles.Sha256, model => Assert.Contains($"<td>{model.Key}</td><td><code>{model.Value}</code>", html));
        Assert.Contains($"data-testid=\"pipeline-version\">{FacePipelineVersion.Current}<", html);
        Assert.Contains("at least 48 pixels on its shorter side", html);
        Assert.Contains("at most 12 MB", html);
        Assert.Contains("data-testid=\"default-threshold\">0.40<", html);
        Assert.Contains("<th scope=\"row\">Research</th><td>0.55</td>", html);
        Assert.Contains($"<th scope=\"row\">{Sector.ChildProtectionNonprofit.Label()}</th><td>0.40</td>", html);
        Assert.Contains("Police pause: Law enforcement", html);
        Assert.DoesNotContain("Old pause", html);
        Assert.Contains($"data-testid=\"retention-{DataKind.ProbePhotos}\"", html);
        Assert.DoesNotContain("@", html.Split("accountability-sheet")[1].Split("</article>")[0]);
    }

    [Fact]
    public async Task TheLatestCompletedEvaluationShowsOverallRatesWithIntervalsAndEachGroup()
    {
        using var client = _factory.CreateBrowserLikeClient();
        Assert.Contains("No evaluation set has been run", WebUtility.HtmlDecode(await client.GetStringAsync("/accountability")));
        // 1 of 6 impostor pairs matched, 1 of 4 genuine pairs missed; an older run with other figures must not show.
        var overall = new ScoreSets([0.9, 0.8, 0.7, 0.3], [0.1, 0.2, 0.0, -0.1, 0.45, 0.05]);
        var latest = new EvaluationReport(0.40f, FacePipelineVersion.Current, 8, 0, [],
            [EvaluationReport.Set(null, null, AccuracyFigures.Of(overall, 0.40)), EvaluationReport.Set("sex", "f", AccuracyFigures.Of(new ScoreSets([0.9], [0.1]), 0.40))]);
        var older = new EvaluationReport(0.40f, FacePipelineVersion.Current, 2, 0, [],
            [EvaluationReport.Set(null, null, AccuracyFigures.Of(new ScoreSets([0.1], [0.9]), 0.40))]);
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            db.EvaluationRuns.Add(Completed("Older", older, now.AddDays(-3)));
            db.EvaluationRuns.Add(Completed("Ward 7 set", latest, now.AddDays(-1)));
            db.EvaluationRuns.Add(new EvaluationRun { Name = "Running", UploadedBy = "admin", UploadedAt = now, State = EvaluationState.Running, Photos = 3 });
            await db.SaveChangesAsync();
        }

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/accountability"));

        Assert.Contains("data-testid=\"latest-fmr\">16.67 % [3.01 % – 56.35 %]<", html);
        Assert.Contains("data-testid=\"latest-fnmr\">25 % [", html);
        Assert.Contains($"pipeline version {FacePipelineVersion.Current}", html);
        Assert.Contains("<th scope=\"row\">sex = f</th><td>1</td><td>1</td>", html);
        Assert.DoesNotContain("Ward 7 set", html.Split("accountability-sheet")[1]); // a set's name is the admin's, not public
    }

    private static EvaluationRun Completed(string name, EvaluationReport report, DateTimeOffset at) => new()
    {
        Name = name, UploadedBy = "admin", UploadedAt = at, State = EvaluationState.Completed, Photos = report.Photos,
        ReportJson = report.ToJson(), CompletedAt = at, Threshold = report.Threshold, PipelineVersion = report.PipelineVersion,
    };

    public void Dispose() => _factory.Dispose();
}
