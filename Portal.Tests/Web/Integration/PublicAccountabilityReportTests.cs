using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Evaluations;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Retention;
using Portal.Infrastructure.Accountability;
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
    public async Task TheLatestCompletedEvaluationShowsOverallRatesAndOnlyTheColumnsWhoseEveryValueHasFivePeople()
    {
        using var client = _factory.CreateBrowserLikeClient();
        // Six people with two photos each, all at one site; by sex five women and one man, by age four people of 70 and over:
        // neither column may be published (a group of one would publish that man's own result, and the women's figures with
        // the overall ones would give his away). An older run must not show.
        var latest = SeededEvaluations.Report(6, 2, SeededEvaluations.Group("site", "north", 6, 2), SeededEvaluations.Group("sex", "f", 5, 2),
            SeededEvaluations.Group("sex", "m", 1, 2), SeededEvaluations.Group("age", "70+", 4, 2));
        var now = DateTimeOffset.UtcNow;
        await SeededEvaluations.AddCompletedAsync(_factory.Services, "Older", SeededEvaluations.Report(5, 3), now.AddDays(-3));
        await SeededEvaluations.AddCompletedAsync(_factory.Services, "Ward 7 set", latest, now.AddDays(-1));
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.EvaluationRuns.Add(new EvaluationRun { Name = "Running", UploadedBy = "admin", UploadedAt = now, State = EvaluationState.Running, Photos = 3 });
            await db.SaveChangesAsync();
        }

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/accountability"));

        // 1 of 60 impostor pairs matched overall, no genuine pair missed.
        Assert.Contains($"data-testid=\"latest-fmr\">{PublishedTest.Text(latest.Overall.FalseMatch)}<", html);
        Assert.StartsWith("1.67 % [", PublishedTest.Text(latest.Overall.FalseMatch));
        Assert.Contains("data-testid=\"latest-fnmr\">0 % [", html);
        Assert.Contains($"pipeline version {FacePipelineVersion.Current}", html);
        Assert.Contains(" 12 photos, of which 12 had a usable face and were compared. Overall", html);
        Assert.Contains("<th scope=\"row\">site = north</th><td>6</td><td>60</td>", html);
        Assert.DoesNotContain("sex = ", html);
        Assert.DoesNotContain("age = ", html);
        Assert.Contains(">sex: not shown, a value has fewer than 5 people<", html);
        Assert.Contains(">age: not shown, a value has fewer than 5 people<", html);
        Assert.DoesNotContain("Ward 7 set", html.Split("accountability-sheet")[1]); // a set's name is the admin's, not public
    }

    public void Dispose() => _factory.Dispose();
}
