using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// Walks every form and endpoint that takes an enum, a number or an id from outside with values no page offers:
/// each gets a clear refusal (a message, 400 or 404), never a 500, and nothing is stored.
/// </summary>
public sealed class OutOfRangeInputTests(OutOfRangeInputTests.Portal factory) : IClassFixture<OutOfRangeInputTests.Portal>
{
    /// <summary>The portal with room for every application post this class makes from one address.</summary>
    public sealed class Portal : PortalFactory
    {
        public Portal() => Settings["Portal:Security:ApplicationsPerHourPerAddress"] = "100";
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-1")]
    [InlineData("7")]
    public async Task AnApplicationWithAnUndefinedSectorIsRefusedWithAMessageAndNothingIsStored(string sector)
    {
        using var client = factory.CreateBrowserLikeClient();
        var name = $"Sector {sector} Org";
        var fields = Applicants.FormFields(name, $"lead{sector.Replace("-", "m")}@sector.example");
        fields["Model.Sector"] = sector;

        var response = await client.PostFormAsync("/partners/apply", "partner-application", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose one of the listed sectors.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(await AnyOrganisationNamedAsync(name));
    }

    [Theory]
    [InlineData("Model.Sector", "Research,LawEnforcement")]
    [InlineData("Model.Sector", "Sector99")]
    [InlineData("Model.MissingChild", "2")]
    [InlineData("Model.AcceptsAgreement", "yes please")]
    public async Task AnApplicationWithAnUnreadableValueComesBackAsAFormAndNothingIsStored(string field, string value)
    {
        using var client = factory.CreateBrowserLikeClient();
        var name = $"Unreadable {field} Org";
        var fields = Applicants.FormFields(name, $"unreadable{field.Length}{value.Length}@sector.example");
        fields[field] = value;

        var response = await client.PostFormAsync("/partners/apply", "partner-application", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(await AnyOrganisationNamedAsync(name));
    }

    [Theory]
    [InlineData("/review?band=99")]
    [InlineData("/review?band=-1")]
    [InlineData("/review?band=Strong,Possible")]
    [InlineData("/review?case=not-a-guid")]
    [InlineData("/review?case=00000000-0000-0000-0000-000000000000&band=7")]
    [InlineData("/review/6f9619ff-8b86-d011-b42d-00cf4fc964ff?band=99")]
    [InlineData("/review/not-a-guid")]
    [InlineData("/cases/not-a-guid")]
    [InlineData("/galleries/not-a-guid")]
    public async Task ReviewAndCasePagesAnswerTamperedQueriesWithoutAServerError(string path)
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornReviewer, TestAccounts.DemoPassword);

        var response = await client.GetAsync(path);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
            $"{path} answered {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/media/faces/6f9619ff-8b86-d011-b42d-00cf4fc964ff?zoom=99")]
    [InlineData("/media/probe-faces/6f9619ff-8b86-d011-b42d-00cf4fc964ff?zoom=maybe")]
    [InlineData("/media/faces/not-a-guid")]
    [InlineData("/media/faces/6f9619ff-8b86-d011-b42d-00cf4fc964ff")]
    [InlineData("/cases/not-a-guid/leads/csv")]
    [InlineData("/cases/6f9619ff-8b86-d011-b42d-00cf4fc964ff/leads/csv")]
    public async Task MediaAndExportEndpointsRefuseOutOfRangeValuesPlainly(string path)
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var response = await client.GetAsync(path);

        // A refused GET is shown as the friendly "not found" page (status pages re-execute 400 as well).
        AssertRefusedPlainly(response, path);
    }

    [Theory]
    [InlineData("/admin/audit/export?organisation=not-a-guid")]
    [InlineData("/admin/audit/export?from=yesterday")]
    [InlineData("/admin/audit/export?to=99999-99-99")]
    public async Task TheAuditExportRefusesUnreadableFiltersPlainly(string path)
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);

        var response = await client.GetAsync(path);

        AssertRefusedPlainly(response, path);
        Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
    }

    private static void AssertRefusedPlainly(HttpResponseMessage response, string path) =>
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
            $"{path} answered {(int)response.StatusCode}");

    [Theory]
    [InlineData("/Account/ConfirmEmail?userId=not-a-user&code=not-a-code")]
    [InlineData("/Account/ConfirmEmail?userId=&code=")]
    [InlineData("/invitations/accept?token=%00%FF")]
    public async Task AnonymousLinksWithForgedValuesSayTheLinkIsNotValid(string path)
    {
        using var client = factory.CreateBrowserLikeClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync());
    }

    private async Task<bool> AnyOrganisationNamedAsync(string name)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Organisations.AnyAsync(o => o.Name == name);
    }
}
