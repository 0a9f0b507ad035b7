using Microsoft.Playwright;

namespace Portal.Tests.Support;

/// <summary>
/// One headless Chromium for the browser tests: Debian's package, since Playwright's own download cannot
/// reach the network here. PORTAL_CHROMIUM overrides the path.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _policyViolations = [];

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. Install Debian's 'chromium' package or set PORTAL_CHROMIUM.");
        // On two cores the browser tests share the CPU with every other test collection; an expectation returns
        // as soon as it holds, so a longer ceiling than Playwright's 5 s slows nothing and spares false failures.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A fresh browser context (own cookies) with a page in it.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", TimezoneId = "Europe/London" });
        context.SetDefaultTimeout(20_000);
        // Chromium reports what the Content-Security-Policy blocked on the console, not as a page error.
        context.Console += (_, message) => RecordPolicyViolation(message.Text);
        lock (_contexts)
            _contexts.Add(context);
        return await context.NewPageAsync();
    }

    private void RecordPolicyViolation(string text)
    {
        if (!text.Contains("Content Security Policy", StringComparison.Ordinal) && !text.StartsWith("Refused to", StringComparison.Ordinal))
            return;
        lock (_policyViolations)
            _policyViolations.Add(text);
    }

    /// <summary>
    /// Closes every page a test opened, then fails the test if the browser blocked anything under the
    /// Content-Security-Policy: a blocked script or connection is a broken page even when the test's steps passed.
    /// Left open, a page whose server has stopped keeps trying to reconnect its
    /// circuit, and a dozen of them took a core away from the tests that followed.
    /// </summary>
    public async Task CloseContextsAsync()
    {
        List<IBrowserContext> open;
        lock (_contexts)
        {
            open = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in open)
            await CloseBoundedAsync(context);
        string[] violations;
        lock (_policyViolations)
        {
            violations = [.. _policyViolations];
            _policyViolations.Clear();
        }
        if (violations.Length > 0)
            throw new InvalidOperationException("The browser reported Content-Security-Policy violations:\n" + string.Join("\n", violations));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            try
            {
                await Browser.DisposeAsync().AsTask().WaitAsync(CloseTimeout);
            }
            catch (TimeoutException)
            {
                // Disposing Playwright below ends its driver, and the driver takes the browser with it.
            }
        }
        _playwright?.Dispose();
    }

    /// <summary>
    /// Chromium can leave a context's close unanswered (known after downloads and open dialogs); Playwright then waits
    /// for ever, and a whole CI run hung on it. A context that does not close in time is left to the browser's disposal.
    /// </summary>
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(30);

    private static async Task CloseBoundedAsync(IBrowserContext context)
    {
        try
        {
            await context.CloseAsync().WaitAsync(CloseTimeout);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"A browser context did not close within {CloseTimeout.TotalSeconds} s; left to the browser's disposal.");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
