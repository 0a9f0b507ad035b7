using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// Every routable page and endpoint, requested as every kind of user, against a table kept here.
/// A new page without a row fails the test, so nobody adds a page without deciding who may open it.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture fixture) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    public enum Persona { Anonymous, ApplicantUnconfirmed, ApplicantConfirmed, StaffA, ReviewerA, StaffOfSuspended, PlatformAdmin }

    private enum Result { Allowed, Denied, AntiforgeryRefused }

    private static readonly Persona[] Everyone = Enum.GetValues<Persona>();
    private static readonly Persona[] SignedIn = Everyone.Except([Persona.Anonymous]).ToArray();

    /// <summary>Who may open what. Keys are "METHOD route template" as the endpoint declares it.</summary>
    private static readonly Dictionary<string, Persona[]> Allowed = new()
    {
        ["GET /"] = SignedIn,
        ["GET /admin/users"] = [Persona.PlatformAdmin],
        ["GET /admin/partners"] = [Persona.PlatformAdmin],
        ["GET /admin/partners/{Id:guid}"] = [Persona.PlatformAdmin],
        ["GET /admin/mail"] = [Persona.PlatformAdmin],
        ["GET /organisation"] = [Persona.StaffA],
        ["GET /organisation/trash"] = [Persona.StaffA],
        // Organisation admins (the demo staff account is its organisation's admin) and platform admins.
        ["GET /deletion-requests"] = [Persona.StaffA, Persona.PlatformAdmin],
        ["GET /deletion-requests/new"] = [Persona.StaffA, Persona.PlatformAdmin],
        ["GET /deletion-requests/{Id:guid}"] = [],
        ["GET /deletion-requests/{id:guid}/faces/{faceId:guid}"] = [],
        ["GET /cases"] = [Persona.StaffA],
        ["GET /galleries"] = [Persona.StaffA],
        ["GET /galleries/{Id:guid}"] = [],
        ["GET /cases/new"] = [Persona.StaffA],
        ["GET /cases/{Id:guid}"] = [],
        ["GET /admin/queue"] = [Persona.PlatformAdmin],
        ["GET /admin/galleries"] = [Persona.PlatformAdmin],
        ["GET /admin/thresholds"] = [Persona.PlatformAdmin],
        ["GET /admin/accuracy"] = [Persona.PlatformAdmin],
        // Crops of an id that is nobody's: not found for everyone allowed in, refused for the rest.
        ["GET /media/probe-faces/{id:guid}"] = [],
        ["GET /media/faces/{id:guid}"] = [],
        ["GET /admin/moratoria"] = [Persona.PlatformAdmin],
        ["GET /admin/holds"] = [Persona.PlatformAdmin],
        ["GET /admin/evaluations"] = [Persona.PlatformAdmin],
        // An id that is no run: not found for the platform admin, refused for the rest.
        ["GET /admin/evaluations/{Id:guid}"] = [],
        ["GET /admin/evaluations/{id:guid}/json"] = [],
        ["GET /admin/evaluations/{id:guid}/csv"] = [],
        // Organisation admins see their own certificates, platform admins all; an id that is no erasure is not found for both.
        ["GET /certificates"] = [Persona.StaffA, Persona.PlatformAdmin],
        ["GET /certificates/{Id:guid}"] = [],
        ["GET /certificates/{id:guid}/json"] = [],
        ["GET /moratoria"] = Everyone,
        ["GET /retention"] = Everyone,
        ["GET /transparency"] = Everyone,
        ["GET /accountability"] = Everyone,
        ["GET /admin/retention"] = [Persona.PlatformAdmin],
        ["GET /review"] = [Persona.ReviewerA],
        ["GET /review/{Id:guid}"] = [],
        ["GET /cases/{Id:guid}/leads"] = [],
        ["GET /cases/{id:guid}/leads/csv"] = [],
        ["GET /admin/disputes"] = [Persona.PlatformAdmin],
        ["GET /admin/audit"] = [Persona.PlatformAdmin],
        ["GET /admin/audit/export"] = [Persona.PlatformAdmin],
        ["GET /admin/media/disputes/{id:guid}/probe"] = [],
        ["GET /admin/media/disputes/{id:guid}/candidate"] = [],
        ["GET /partners/apply"] = Everyone,
        ["GET /partners/apply/submitted"] = Everyone,
        ["GET /invitations/accept"] = Everyone,
        ["GET /not-authorised"] = Everyone,
        ["GET /not-found"] = Everyone,
        ["GET /error"] = Everyone,
        ["GET /health"] = Everyone,
        ["GET /Account/Login"] = Everyone,
        ["GET /Account/Lockout"] = Everyone,
        ["GET /Account/InvalidUser"] = Everyone,
        ["GET /Account/ConfirmEmail"] = Everyone,
        ["GET /Account/ResendEmailConfirmation"] = Everyone,
        // Without a password step pending there is no second factor to give: everyone is sent to sign in.
        ["GET /Account/LoginWith2fa"] = [],
        ["GET /Account/LoginWithRecoveryCode"] = [],
        ["GET /Account/Manage"] = SignedIn,
        ["GET /Account/Manage/ChangePassword"] = SignedIn,
        ["GET /Account/Manage/TwoFactorAuthentication"] = SignedIn,
        ["GET /Account/Manage/EnableAuthenticator"] = SignedIn,
        ["GET /Account/Manage/GenerateRecoveryCodes"] = SignedIn,
        ["GET /Account/Manage/ResetAuthenticator"] = SignedIn,
        ["GET /Account/Manage/Disable2fa"] = SignedIn,
        ["POST /Account/Logout"] = [],
    };

    /// <summary>Endpoints that change state are refused without an antiforgery token, whoever asks.</summary>
    private static readonly HashSet<string> AntiforgeryProtected = ["POST /Account/Logout"];

    [Fact]
    public async Task AFormPostWithoutAnAntiforgeryTokenIsRefused()
    {
        using var client = fixture.Factory.CreateBrowserLikeClient();

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = TestAccounts.ThornStaff, ["Input.Password"] = TestAccounts.DemoPassword,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task EveryEndpointAnswersEveryPersonaAsTheTableSays()
    {
        var endpoints = DiscoverEndpoints();
        Assert.Empty(endpoints.Except(Allowed.Keys));   // a page without a row
        Assert.Empty(Allowed.Keys.Except(endpoints));   // a row without a page

        var mismatches = new List<string>();
        foreach (var persona in Everyone)
        {
            using var client = await fixture.ClientForAsync(persona);
            foreach (var endpoint in endpoints)
            {
                var actual = await RequestAsync(client, endpoint);
                var expected = AntiforgeryProtected.Contains(endpoint) ? Result.AntiforgeryRefused
                    : Allowed[endpoint].Contains(persona) ? Result.Allowed : Result.Denied;
                if (actual != expected)
                    mismatches.Add($"{persona} {endpoint}: expected {expected}, got {actual}");
            }
        }
        Assert.Empty(mismatches);
    }

    private List<string> DiscoverEndpoints() =>
        fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !IsFramework(raw))
            .SelectMany(e => MethodsOf(e).Select(method => $"{method} {Normalise(e.RoutePattern.RawText!)}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Pages answer GET; their POST is form handling, refused without an antiforgery token (tested apart).
    /// Other endpoints answer the methods they declare.
    /// </summary>
    private static IEnumerable<string> MethodsOf(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
            ? ["GET"]
            : (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Where(m => m != "HEAD");

    private static bool IsFramework(string raw) =>
        raw.StartsWith("_", StringComparison.Ordinal) || raw.StartsWith("/_", StringComparison.Ordinal)
        || raw.Contains('.', StringComparison.Ordinal)      // static files: css/portal.css, images/logo.svg …
        || raw.Contains(":file}", StringComparison.Ordinal); // the static-file fallback

    private static string Normalise(string raw) => "/" + raw.TrimStart('/');

    private async Task<Result> RequestAsync(HttpClient client, string endpoint)
    {
        var (method, template) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
        var path = template.Replace("{Id:guid}", fixture.ThornId.ToString(), StringComparison.Ordinal)
            .Replace("{id:guid}", fixture.ThornId.ToString(), StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
            request.Content = new FormUrlEncodedContent([]);
        var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.BadRequest && method == "POST")
            return Result.AntiforgeryRefused;
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            return Result.Denied;
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            var target = response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString;
            return target.Contains("/Account/Login", StringComparison.Ordinal) || target.Contains("/not-authorised", StringComparison.Ordinal)
                ? Result.Denied : Result.Allowed;
        }
        return response.IsSuccessStatusCode ? Result.Allowed : throw new InvalidOperationException($"{endpoint}: {response.StatusCode}");
    }

    /// <summary>The portal with one organisation in each state and an account per persona.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<Persona, (string Email, string Password)> _accounts = new()
        {
            [Persona.ApplicantUnconfirmed] = ("lead@unconfirmed.example", Applicants.Password),
            [Persona.ApplicantConfirmed] = ("lead@confirmed.example", Applicants.Password),
            [Persona.StaffA] = (TestAccounts.ThornStaff, TestAccounts.DemoPassword),
            [Persona.ReviewerA] = (TestAccounts.ThornReviewer, TestAccounts.DemoPassword),
            [Persona.StaffOfSuspended] = ("lead@suspended.example", Applicants.Password),
            [Persona.PlatformAdmin] = (TestAccounts.AdminEmail, TestAccounts.AdminPassword),
        };

        public PortalFactory Factory { get; } = new();

        public Guid ThornId { get; private set; }

        public async Task InitializeAsync()
        {
            var services = Factory.Services;
            var applications = services.GetRequiredService<PartnerApplications>();
            var administration = services.GetRequiredService<OrganisationAdministration>();
            var admin = new Actor("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);

            await applications.SubmitAsync(Applicants.Application("Unconfirmed Org", "lead@unconfirmed.example"), "test");
            await SubmitAndConfirmAsync(applications, "Confirmed Org", "lead@confirmed.example");
            var suspended = await SubmitAndConfirmAsync(applications, "Suspended Org", "lead@suspended.example");
            await administration.ChangeStatusAsync(admin, suspended, OrganisationStatus.UnderReview, "checking");
            await administration.ApproveAsync(admin, suspended, Purpose.MissingChild, "vetted");
            await administration.ChangeStatusAsync(admin, suspended, OrganisationStatus.Suspended, "breach");
            ThornId = (await administration.ListAsync(admin, new OrganisationFilter(null, null))).Value!.Single(o => o.Name == "Thorn").Id;
        }

        private async Task<Guid> SubmitAndConfirmAsync(PartnerApplications applications, string name, string email)
        {
            await applications.SubmitAsync(Applicants.Application(name, email), "test");
            var link = new Uri(Factory.Services.GetRequiredService<IMailPickup>().LatestLinkTo(email, "/Account/ConfirmEmail"));
            var query = System.Web.HttpUtility.ParseQueryString(link.Query);
            await applications.ConfirmEmailAsync(query["userId"]!, query["code"]!);
            var all = (await Factory.Services.GetRequiredService<OrganisationAdministration>().ListAsync(
                new Actor("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true), new OrganisationFilter(null, null))).Value!;
            return all.Single(o => o.Name == name).Id;
        }

        public async Task<HttpClient> ClientForAsync(Persona persona)
        {
            var client = Factory.CreateBrowserLikeClient();
            if (_accounts.TryGetValue(persona, out var account))
            {
                var response = await client.SignInAsync(account.Email, account.Password);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            }
            return client;
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
