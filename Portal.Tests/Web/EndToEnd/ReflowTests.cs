using Microsoft.Playwright;
using Portal.Tests.Support;

namespace Portal.Tests.Web.EndToEnd;

/// <summary>
/// Reflow (WCAG 1.4.10): at 320 CSS px, and at 200 % zoom of a 1280 px window (640 CSS px), no page of any role
/// scrolls sideways. A wide table may scroll inside its own container; the page may not.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ReflowTests(BrowserFixture browser) : IAsyncLifetime
{
    private PortalServer _server = default!;

    public Task InitializeAsync()
    {
        _server = PortalServer.Start(factory => factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "false");
        return Task.CompletedTask;
    }

    // Names what sticks out, so a failure says where to look.
    private const string Overflow = """
        () => {
          const root = document.documentElement;
          // The top bar is fixed: what it cannot fit is cut off rather than widening the page, so it is measured itself.
          const bar = document.querySelector('.mud-appbar .mud-toolbar');
          if (bar && bar.scrollWidth > bar.clientWidth + 1) return `the top bar needs ${bar.scrollWidth} px of ${bar.clientWidth} px`;
          if (root.scrollWidth <= root.clientWidth + 1) return null;
          const wide = [...document.body.querySelectorAll('*')]
            .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1 && el.getClientRects().length > 0)
            .filter(el => ![...el.children].some(child => child.getBoundingClientRect().right > root.clientWidth + 1))
            .slice(0, 3)
            .map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
          return `${root.scrollWidth} px wide in ${root.clientWidth} px: ${wide.join(', ')}`;
        }
        """;

    [Theory]
    [InlineData(320, 720)]
    [InlineData(640, 800)]
    public async Task NoPageOfAnyRoleScrollsSideways(int width, int height)
    {
        var staff = await ReviewScenario.ActorAsync(_server.Services, TestAccounts.ThornStaff);
        var seeded = await ReviewScenario.SearchedCaseAsync(_server.Services, staff, "REFLOW-1", 3);
        var failures = new List<string>();

        var anonymous = await NewPageAsync(width, height);
        await CheckAsync(anonymous, failures, "/Account/Login", "/partners/apply", "/moratoria", "/retention", "/accountability", "/transparency");

        var partner = await NewPageAsync(width, height);
        await partner.SignInAsync(_server, TestAccounts.ThornStaff, TestAccounts.DemoPassword);
        await CheckAsync(partner, failures, "/", "/cases", "/cases/new", $"/cases/{seeded.CaseId}", "/galleries", "/organisation", "/organisation/trash", "/certificates", "/deletion-requests", "/deletion-requests/new", "/Account/Manage");

        var reviewer = await NewPageAsync(width, height);
        await reviewer.SignInAsync(_server, TestAccounts.ThornReviewer, TestAccounts.DemoPassword);
        await CheckAsync(reviewer, failures, "/", "/review", $"/review/{seeded.Candidates[0]}");

        var admin = await NewPageAsync(width, height);
        await admin.SignInAsync(_server, TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await CheckAsync(admin, failures, "/", "/admin/partners", "/admin/queue", "/admin/galleries", "/admin/thresholds", "/admin/accuracy", "/admin/disputes",
            "/admin/audit", "/admin/moratoria", "/admin/users", "/admin/mail", "/admin/retention", "/admin/holds", "/admin/evaluations", "/certificates", "/deletion-requests");

        Assert.True(failures.Count == 0, $"At {width}×{height} these pages scroll sideways:\n" + string.Join("\n", failures));
    }

    private async Task<IPage> NewPageAsync(int width, int height)
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        return page;
    }

    private async Task CheckAsync(IPage page, List<string> failures, params string[] paths)
    {
        foreach (var path in paths)
        {
            await page.GotoAsync(_server.Url(path));
            if (await page.Locator("[data-circuit]").CountAsync() > 0)
                await page.WaitForCircuitAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (await page.EvaluateAsync<string?>(Overflow) is { } overflow)
                failures.Add($"{path}: {overflow}");
        }
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _server.DisposeAsync();
    }
}
