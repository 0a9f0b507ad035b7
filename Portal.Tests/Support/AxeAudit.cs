using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Portal.Tests.Support;

/// <summary>
/// Runs axe-core (bundled in the package: nothing is fetched) on a page in light and dark mode, and keeps every
/// serious or critical violation as a line naming rule, impact, page, role, mode and the failing elements.
/// axe is injected through Playwright's evaluate, which the DevTools protocol runs outside the page's
/// Content-Security-Policy, so the shipped policy stays as it is and BrowserFixture still reports any real block.
/// </summary>
public sealed class AxeAudit
{
    /// <summary>WCAG 2.0 and 2.1, levels A and AA: what partners' contracts ask for.</summary>
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private static readonly string[] Failing = ["serious", "critical"];

    private readonly List<string> _findings = [];

    public IReadOnlyList<string> Findings => _findings;

    public int PagesChecked { get; private set; }

    /// <summary>Opens <paramref name="url"/> in light, then dark mode, and checks each once it has settled.</summary>
    public async Task CheckAsync(IPage page, string url, string route, string role)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await page.GotoAsync(url);
            await SettleAsync(page);
            await CheckCurrentAsync(page, route, role, scheme == ColorScheme.Dark ? "dark" : "light");
        }
    }

    /// <summary>Checks the page as it is now (a state reached by clicks, such as an open dialog).</summary>
    public async Task CheckCurrentAsync(IPage page, string route, string role, string mode)
    {
        var result = await page.RunAxe(Options);
        PagesChecked++;
        foreach (var violation in result.Violations.Where(v => Failing.Contains(v.Impact)))
        {
            var targets = violation.Nodes.Select(n => n.Target?.ToString() ?? n.Html).Take(8);
            _findings.Add($"{violation.Id} ({violation.Impact}) on {route} as {role}, {mode} mode, {violation.Nodes.Length} element(s): "
                + string.Join(" | ", targets));
        }
    }

    /// <summary>
    /// Interactive pages first render on the server and apply the dark theme once the circuit is up; the
    /// statically rendered account pages have no circuit. Either way, wait for the data to arrive and the theme's
    /// colour transitions to end before axe measures contrast.
    /// </summary>
    private static async Task SettleAsync(IPage page)
    {
        if (await page.Locator("[data-circuit]").CountAsync() > 0)
            await page.WaitForCircuitAsync();
        await page.WaitForTimeoutAsync(300);
    }
}
