using System.Net;
using System.Text.Json;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Issue 17, point 1: the transparency report and its CSV and JSON downloads are open without sign-in and show small counts as "&lt; 5".</summary>
public sealed class TransparencyDownloadTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task AnAnonymousVisitorReadsThePageAndDownloadsCsvAndJsonWithSmallCountsSuppressed()
    {
        // Three candidates for Thorn (child protection) last quarter (only completed quarters are published); the demo data seeds no searches.
        var staff = await ReviewScenario.ActorAsync(factory.Services, TestAccounts.ThornStaff);
        var lastQuarter = Quarter.LastCompleted(DateTimeOffset.UtcNow, 1)[0];
        await ReviewScenario.SearchedCaseAsync(factory.Services, staff, "TRANSPARENCY-1", 3, lastQuarter.Start.AddDays(10));
        var quarter = lastQuarter.Label;
        using var client = factory.CreateClient();

        var csvResponse = await client.GetAsync("/transparency.csv");
        var jsonResponse = await client.GetAsync("/transparency.json");
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/transparency"));

        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", csvResponse.Content.Headers.ContentDisposition?.DispositionType);
        var csv = await csvResponse.Content.ReadAsStringAsync();
        Assert.Contains($"{quarter},{Sector.ChildProtectionNonprofit},candidates-produced,Candidates produced,< 5", csv);
        // No published value is a count from 1 to 4.
        var values = csv.TrimEnd().Split('\n').Skip(1).Select(line => line.TrimEnd('\r').Split(',')[^1]).ToList();
        Assert.DoesNotContain(values, v => v is "1" or "2" or "3" or "4");

        Assert.Equal(HttpStatusCode.OK, jsonResponse.StatusCode);
        Assert.Equal("attachment", jsonResponse.Content.Headers.ContentDisposition?.DispositionType);
        using var json = JsonDocument.Parse(await jsonResponse.Content.ReadAsStringAsync());
        var produced = json.RootElement.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("quarter").GetString() == quarter
            && f.GetProperty("sector").GetString() == nameof(Sector.ChildProtectionNonprofit) && f.GetProperty("measure").GetString() == "candidates-produced");
        Assert.Equal("< 5", produced.GetProperty("value").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("models").GetArrayLength());

        Assert.Contains("Transparency report", page);
        Assert.Contains($"data-testid=\"{quarter}|{Sector.ChildProtectionNonprofit}|candidates-produced\">< 5<", page);
        Assert.DoesNotContain("TRANSPARENCY-1", page);
    }
}
