using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;
using Portal.Tests.Support;
using Xunit.Abstractions;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// axe-core (WCAG 2.0/2.1 A and AA) on every page of the portal, as every role the page serves, with content on it,
/// in light and dark mode. No axe rule is disabled. One browser context per role, reused across its pages.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Anonymous = "anonymous visitor", Applicant = "applicant under review", Staff = "partner staff and organisation admin",
        Reviewer = "reviewer", Admin = "platform admin with authenticator";

    private sealed record Visit(string Role, string Route, Func<AccessibilityScenario, string>? Url = null)
    {
        public string PathFor(AccessibilityScenario scenario) => Url?.Invoke(scenario) ?? Route;
    }

    /// <summary>Every page as every role it serves; the two-factor sign-in pages are visited on the way in, below.</summary>
    private static readonly Visit[] Visits =
    [
        new(Anonymous, "/Account/Login"),
        new(Anonymous, "/Account/ConfirmEmail", s => s.ConfirmationLink),
        new(Anonymous, "/Account/ResendEmailConfirmation"),
        new(Anonymous, "/Account/Lockout"),
        new(Anonymous, "/Account/InvalidUser"),
        new(Anonymous, "/partners/apply"),
        new(Anonymous, "/partners/apply/submitted"),
        new(Anonymous, "/moratoria"),
        new(Anonymous, "/retention"),
        new(Anonymous, "/accountability"),
        new(Anonymous, "/transparency"),
        new(Anonymous, "/invitations/accept", s => s.InvitationLink),
        new(Anonymous, "/not-found"),
        new(Anonymous, "/error"),
        new(Applicant, "/"),
        new(Applicant, "/Account/Manage"),
        new(Applicant, "/Account/Manage/ChangePassword"),
        new(Applicant, "/Account/Manage/TwoFactorAuthentication"),
        new(Applicant, "/Account/Manage/EnableAuthenticator"),
        new(Staff, "/"),
        new(Staff, "/cases"),
        new(Staff, "/cases/new"),
        new(Staff, "/cases/{Id:guid}", s => $"/cases/{s.CaseId}"),
        new(Staff, "/cases/{Id:guid}/leads", s => $"/cases/{s.CaseId}/leads"),
        new(Staff, "/galleries"),
        new(Staff, "/galleries/{Id:guid}", s => $"/galleries/{s.GalleryId}"),
        new(Staff, "/organisation"),
        new(Staff, "/organisation/trash"),
        new(Staff, "/certificates"),
        new(Staff, "/certificates/{Id:guid}", s => $"/certificates/{s.CertificateId}"),
        new(Staff, "/deletion-requests"),
        new(Staff, "/deletion-requests/new"),
        new(Staff, "/deletion-requests/{Id:guid}", s => $"/deletion-requests/{s.DeletionRequestId}"),
        new(Staff, "/not-authorised"),
        new(Reviewer, "/"),
        new(Reviewer, "/review"),
        new(Reviewer, "/review/{Id:guid}", s => $"/review/{s.PendingCandidate}"),
        new(Admin, "/"),
        new(Admin, "/admin/partners"),
        new(Admin, "/admin/partners/{Id:guid}", s => $"/admin/partners/{s.Applicant}"),
        new(Admin, "/admin/users"),
        new(Admin, "/admin/moratoria"),
        new(Admin, "/admin/retention"),
        new(Admin, "/admin/holds"),
        new(Admin, "/admin/evaluations"),
        new(Admin, "/admin/evaluations/{Id:guid}", s => $"/admin/evaluations/{s.EvaluationId}"),
        new(Admin, "/certificates"),
        new(Admin, "/deletion-requests"),
        new(Admin, "/admin/thresholds"),
        new(Admin, "/admin/accuracy"),
        new(Admin, "/admin/galleries"),
        new(Admin, "/admin/disputes"),
        new(Admin, "/admin/queue"),
        new(Admin, "/admin/audit"),
        new(Admin, "/admin/mail"),
        new(Admin, "/Account/Manage/TwoFactorAuthentication"),
        new(Admin, "/Account/Manage/GenerateRecoveryCodes"),
        new(Admin, "/Account/Manage/ResetAuthenticator"),
        new(Admin, "/Account/Manage/Disable2fa"),
    ];

    private static readonly string[] SignInRoutes = ["/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        // A web-only process: the seeded jobs stay as written for the queue page.
        _server = PortalServer.Start(factory => factory.Settings["Portal:Queue:RunWorkers"] = "false");
        return Task.CompletedTask;
    }

    [Fact]
    public void EveryPageOfThePortalIsOnTheList()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(RouteAttribute), false).Cast<RouteAttribute>())
            .Select(r => r.Template).ToHashSet(StringComparer.Ordinal);
        var visited = Visits.Select(v => v.Route).Concat(SignInRoutes).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(routes.Except(visited));
        Assert.Empty(visited.Except(routes));
    }

    [Fact]
    public async Task NoPageHasASeriousOrCriticalViolationForAnyRoleInLightOrDarkMode()
    {
        var clock = Stopwatch.StartNew();
        var scenario = await AccessibilityScenario.SeedAsync(_server.Services);
        var axe = new AxeAudit();

        await CheckAllAsync(axe, scenario, Anonymous, await browser.NewPageAsync());
        await scenario.StartReviewAsync(_server.Services);
        await CheckAllAsync(axe, scenario, Applicant, await SignedInAsync(AccessibilityScenario.ApplicantEmail, Applicants.Password));
        await CheckAllAsync(axe, scenario, Staff, await SignedInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword));
        await CheckAllAsync(axe, scenario, Reviewer, await SignedInAsync(TestAccounts.ThornReviewer, TestAccounts.DemoPassword));
        await CheckAllAsync(axe, scenario, Admin, await AdminSignedInAsync(axe, scenario));

        output.WriteLine($"axe checked {axe.PagesChecked} page states in {clock.Elapsed.TotalSeconds:F1} s; {axe.Findings.Count} serious or critical violation(s).");
        if (axe.Findings.Count > 0)
            Assert.Fail($"{axe.Findings.Count} serious or critical accessibility violation(s):\n" + string.Join("\n", axe.Findings));
    }

    private async Task CheckAllAsync(AxeAudit axe, AccessibilityScenario scenario, string role, IPage page)
    {
        foreach (var visit in Visits.Where(v => v.Role == role))
        {
            var path = visit.PathFor(scenario);
            var found = axe.Findings.Count;
            var clock = Stopwatch.StartNew();
            await BoundedAsync(axe.CheckAsync(page, path.StartsWith("http", StringComparison.Ordinal) ? path : _server.Url(path), visit.Route, role),
                $"{visit.Route} as {role}");
            output.WriteLine($"{visit.Route} as {role}: {clock.Elapsed.TotalSeconds:F1} s, {axe.Findings.Count - found} finding(s)");
            foreach (var finding in axe.Findings.Skip(found))
                output.WriteLine("  " + finding);
        }
    }

    /// <summary>
    /// One page in both modes normally takes seconds. axe runs through Playwright's evaluate, which has no timeout of its
    /// own: a page that never answers would hold the whole run, so it fails here, named, instead.
    /// </summary>
    private static async Task BoundedAsync(Task check, string what)
    {
        try
        {
            await check.WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Checking {what} did not finish within 2 minutes.");
        }
    }

    private async Task<IPage> SignedInAsync(string email, string password)
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsync(_server, email, password);
        return page;
    }

    /// <summary>The admin signs in as they must: password, then the authenticator; both second-factor pages are checked on the way.</summary>
    private async Task<IPage> AdminSignedInAsync(AxeAudit axe, AccessibilityScenario scenario)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_server.Url("/Account/Login"));
        await page.GetByLabel("Email").FillAsync(TestAccounts.AdminEmail);
        await page.GetByLabel("Password").FillAsync(TestAccounts.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains(SignInRoutes[0], StringComparison.Ordinal));
        var twoFactor = page.Url;
        await BoundedAsync(axe.CheckAsync(page, twoFactor, SignInRoutes[0], Admin), SignInRoutes[0]);
        await BoundedAsync(axe.CheckAsync(page, _server.Url(SignInRoutes[1]), SignInRoutes[1], Admin), SignInRoutes[1]);
        await page.GotoAsync(twoFactor);
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(scenario.AdminKey, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/LoginWith2fa", StringComparison.Ordinal));
        return page;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
