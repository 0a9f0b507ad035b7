using System.Net;
using Portal.Domain.Retention;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>Issue 16, point 1: the schedule is published before anyone signs in (BIPA wants it public).</summary>
public sealed class PublicRetentionScheduleTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task AnAnonymousVisitorReadsEveryKindOfDataWithItsSeededMaximum()
    {
        using var client = factory.CreateBrowserLikeClient();

        var response = await client.GetAsync("/retention");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var (kind, period) in new[]
        {
            (DataKind.ProbePhotos, "30 days"), (DataKind.OpenCaseInactivity, "3 years"), (DataKind.CaseRecords, "3 years"),
            (DataKind.GalleryPhotos, "3 years"), (DataKind.CandidatesAndDecisions, "3 years"), (DataKind.Exports, "not kept"),
            (DataKind.AuditEntries, "7 years"), (DataKind.RemovedAccounts, "90 days"), (DataKind.Trash, "7 days"), (DataKind.Backups, "35 days"),
            (DataKind.SentMail, "30 days"),
        })
        {
            var row = Row(html, kind);
            Assert.Contains(kind.Label(), row);
            Assert.Contains($"data-testid=\"retention-period\">{period}<", row);
        }
        Assert.Contains("Initial schedule", html);
    }

    [Fact]
    public async Task ThePublicHistoryNamesTheRoleNeverAnAddress()
    {
        using var client = factory.CreateBrowserLikeClient();

        var html = await client.GetStringAsync("/retention");

        Assert.DoesNotContain(TestAccounts.AdminEmail, html);
        Assert.DoesNotContain("@", html.Split("retention-history")[1].Split("</ul>")[0]);
    }

    private static string Row(string html, DataKind kind)
    {
        var start = html.IndexOf($"data-testid=\"retention-{kind}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No row for {kind}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
