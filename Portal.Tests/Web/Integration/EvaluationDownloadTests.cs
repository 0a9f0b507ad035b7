using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Accuracy;
using Portal.Domain.Auditing;
using Portal.Domain.Evaluations;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>An evaluation report's JSON and CSV: for platform admins only, never cached, each download audited with the run's id.</summary>
public sealed class EvaluationDownloadTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private readonly Guid _run = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        var report = new EvaluationReport(0.40f, 1, 4, 0, [],
        [
            EvaluationReport.Set(null, null, AccuracyFigures.Of(new ScoreSets([0.9, 0.3], [0.1, 0.45]), 0.40), new PeopleCount(3, 1)),
            EvaluationReport.Set("age_band", "=18-30", AccuracyFigures.Of(new ScoreSets([0.9], [0.1]), 0.40), new PeopleCount(2, 1)),
        ]);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.EvaluationRuns.Add(new EvaluationRun
        {
            Id = _run, Name = "Hand-made", UploadedBy = "admin", UploadedAt = DateTimeOffset.UtcNow, State = EvaluationState.Completed,
            Photos = 4, ReportJson = report.ToJson(), CompletedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task APlatformAdminDownloadsJsonAndCsvNeverCachedAndAudited()
    {
        using var client = _factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var json = await client.GetAsync($"/admin/evaluations/{_run}/json");
        var csv = await client.GetAsync($"/admin/evaluations/{_run}/csv");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (json.StatusCode, csv.StatusCode));
        Assert.Equal("no-store", json.Headers.CacheControl?.ToString());
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition?.DispositionType);
        var report = EvaluationReport.FromJson(await json.Content.ReadAsStringAsync());
        Assert.Equal((2, 2), (report.Overall.GenuinePairs, report.Overall.ImpostorPairs));
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("column,value,genuine_pairs,impostor_pairs,fmr,", lines[0]);
        Assert.StartsWith("all,,2,2,0.5,", lines[1]);
        Assert.EndsWith("not enough impostor pairs,not enough impostor pairs", lines[1]);
        Assert.StartsWith("age_band,'=18-30,", lines[2]); // a value a spreadsheet would run as a formula is defused
        Assert.Equal(2, await DownloadsAsync());
    }

    [Fact]
    public async Task PartnerStaffAreRefusedAndNothingIsAudited()
    {
        using var client = _factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var refused = await client.GetAsync($"/admin/evaluations/{_run}/json");

        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden
                    || (refused.StatusCode == HttpStatusCode.Redirect && refused.Headers.Location!.OriginalString.Contains("not-authorised", StringComparison.Ordinal)),
            $"partner staff got {refused.StatusCode}");
        Assert.DoesNotContain("genuine", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await DownloadsAsync());
    }

    private async Task<int> DownloadsAsync()
    {
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.EvaluationDownloaded && e.Target == $"evaluation:{_run}");
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();
}
