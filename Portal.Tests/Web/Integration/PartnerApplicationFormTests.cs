using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>The application form as a browser posts it: antiforgery, validation, per-address limit.</summary>
public sealed class PartnerApplicationFormTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public PartnerApplicationFormTests() => _factory.Settings["Portal:Security:ApplicationsPerHourPerAddress"] = "3";

    [Fact]
    public async Task AValidApplicationIsStoredAndTheApplicantIsToldToConfirm()
    {
        using var client = _factory.CreateBrowserLikeClient();

        var response = await client.PostFormAsync("/partners/apply", "partner-application", Applicants.FormFields("Posted Org", "lead@posted.example"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/partners/apply/submitted", response.Headers.Location!.ToString());
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Organisations.AnyAsync(o => o.Name == "Posted Org"));
    }

    [Fact]
    public async Task MissingFieldsComeBackWithAMessageEachAndNothingIsStored()
    {
        using var client = _factory.CreateBrowserLikeClient();
        var fields = Applicants.FormFields("", "not-an-email");
        fields.Remove("Model.AcceptsAgreement");
        fields.Remove("Model.MissingChild");

        var response = await client.PostFormAsync("/partners/apply", "partner-application", fields);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter the organisation's legal name.", page);
        Assert.Contains("Enter a valid email address.", page);
        Assert.Contains("Choose at least one purpose.", page);
        Assert.Contains("Accept the data-use agreement to apply.", page);
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "not-an-email"));
    }

    [Fact]
    public async Task TheFourthApplicationFromOneAddressWithinAnHourIsRefusedAndAudited()
    {
        using var client = _factory.CreateBrowserLikeClient();
        for (var i = 1; i <= 3; i++)
            await client.PostFormAsync("/partners/apply", "partner-application", Applicants.FormFields($"Burst Org {i}", $"lead{i}@burst.example"));

        var fourth = await client.PostFormAsync("/partners/apply", "partner-application", Applicants.FormFields("Burst Org 4", "lead4@burst.example"));

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.Contains("Too many attempts", await fourth.Content.ReadAsStringAsync());
        await _factory.Services.GetRequiredService<Portal.Infrastructure.Auditing.AnonymousAudit>().FlushAsync();
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Organisations.AnyAsync(o => o.Name == "Burst Org 4"));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.RateLimited));
    }

    public void Dispose() => _factory.Dispose();
}
