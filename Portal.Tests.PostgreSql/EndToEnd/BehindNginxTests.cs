using Microsoft.Playwright;
using Npgsql;
using Portal.Tests.Support;

namespace Portal.Tests.EndToEnd;

/// <summary>
/// Issue 15's browser path: nginx (the shipped sample) in front of two portal processes on one PostgreSQL database.
/// The partner's pages are served by a web-only process while every job runs in the other, and a reviewer on the other
/// process changes the partner's open case page: live updates cross processes, and each browser sticks to its own.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class BehindNginxTests(BrowserFixture browser) : IAsyncLifetime
{
    private TwoPortalsBehindNginx _portals = default!;
    private readonly List<IBrowserContext> _contexts = [];

    public async Task InitializeAsync() => _portals = await TwoPortalsBehindNginx.StartAsync();

    [NginxFaceFact]
    public async Task APartnerSeesJobsOfTheOtherProcessLiveAndAReviewerThereUpdatesHerOpenCasePage()
    {
        Assert.Contains("Role: web only", _portals.WebOnly.Output, StringComparison.Ordinal);
        var (partnerAddress, reviewerAddress) = await AddressesStickingToEachProcessAsync();
        using var leases = new LeaseOwners(_portals.ConnectionString);

        // (a) The partner, on the web-only process: a gallery indexed with live progress, then a case search.
        var staff = await PageAsync(partnerAddress);
        await SignInAsync(staff, TestAccounts.ThornStaff);
        await staff.GotoAsync(_portals.Url("/galleries"));
        await staff.WaitForCircuitAsync();
        await staff.GetByTestId("new-gallery").ClickAsync();
        var dialog = staff.GetByRole(AriaRole.Dialog);
        await dialog.GetByTestId("gallery-name").FillAsync("Presidents");
        await dialog.GetByTestId("gallery-source").FillAsync("Reunification centre intake");
        await dialog.GetByTestId("create-gallery").ClickAsync();
        await staff.WaitForURLAsync(url => url.Contains("/galleries/", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await staff.WaitForCircuitAsync();
        var photos = FaceEngineFixture.People().Where(p => p.Identity is "obama" or "biden").Select(p => SharedFaces.File(p.Path)).ToArray();
        await staff.ChoosePhotosAsync(photos);
        await Assertions.Expect(staff.GetByTestId("batch-row")).ToHaveCountAsync(photos.Length);
        await Assertions.Expect(staff.GetByTestId("batch-status").Filter(new() { HasTextRegex = new("Indexed with 1 face") }))
            .ToHaveCountAsync(photos.Length, new() { Timeout = 120_000 });

        await staff.GotoAsync(_portals.Url("/cases/new"));
        await staff.WaitForCircuitAsync();
        await staff.GetByTestId("case-reference").FillAsync("TH-2026-0015");
        await staff.GetByTestId("case-purpose").ClickAsync();
        await staff.GetByRole(AriaRole.Option, new() { Name = "Finding missing children" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Option, new() { Name = "Finding missing children" })).ToBeHiddenAsync();
        await staff.GetByTestId("gallery-Presidents").CheckAsync();
        await staff.ChoosePhotosAsync(SharedFaces.File("groups/obama_and_biden.jpg"));
        await Assertions.Expect(staff.GetByTestId("probe-file")).ToHaveTextAsync("obama_and_biden.jpg");
        await staff.GetByTestId("submit-case").ClickAsync();
        await staff.WaitForURLAsync(url => url.Contains("/cases/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal),
            new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(staff.GetByTestId("probe-state")).ToHaveTextAsync("Done", new() { Timeout = 60_000 });
        // "Done" can be on screen a moment before the results are (a live refresh, or the circuit taking over the prerendered page).
        await Assertions.Expect(staff.GetByTestId("probe-face")).ToHaveCountAsync(3);
        var topImages = await staff.GetByTestId("probe-face").EvaluateAllAsync<string[]>(
            "faces => faces.map(f => f.querySelector('[data-testid=candidate-image]')?.textContent ?? 'none')");
        Assert.Contains(topImages, name => name.StartsWith("obama", StringComparison.Ordinal));
        Assert.Contains(topImages, name => name.StartsWith("biden", StringComparison.Ordinal));
        // Every job ran on the workers' process: the web-only one has none, and the leases seen while they ran say so.
        Assert.NotEmpty(leases.Seen);
        Assert.All(leases.Seen, owner => Assert.Contains($"/{_portals.Workers.Id}/", owner, StringComparison.Ordinal));

        // (b) A reviewer on the other process decides; the partner's open case page follows, with no reload.
        await staff.EvaluateAsync("() => window.__sameDocument = true");
        var reviewer = await PageAsync(reviewerAddress);
        await SignInAsync(reviewer, TestAccounts.ThornReviewer);
        await reviewer.GotoAsync(_portals.Url("/review"));
        await reviewer.WaitForCircuitAsync();
        await reviewer.GetByTestId("start-review").ClickAsync();
        var screen = reviewer.GetByTestId("review-screen");
        await Assertions.Expect(screen).ToBeVisibleAsync();
        var candidate = await screen.GetAttributeAsync("data-candidate");
        var onCasePage = staff.Locator($"[data-candidate-id='{candidate}']").GetByTestId("review-state");
        await Assertions.Expect(onCasePage).ToHaveTextAsync("Awaiting review");
        await reviewer.GetByTestId("verdict-confirm").ClickAsync();
        await reviewer.GetByTestId("note").FillAsync("Same ears and hairline; confirmed.");
        await reviewer.GetByTestId("record").ClickAsync();
        await Assertions.Expect(onCasePage).ToHaveTextAsync("Awaiting second review");
        Assert.True(await staff.EvaluateAsync<bool>("() => window.__sameDocument === true"));

        // Each browser stayed on its process, its circuit's WebSocket included (logged when the socket closes).
        await CloseContextsAsync();
        await ExpectAllRequestsWentToAsync(partnerAddress, _portals.WebOnlyPort);
        await ExpectAllRequestsWentToAsync(reviewerAddress, _portals.WorkersPort);
    }

    /// <summary>Two client addresses that the sample's hash sends to the web-only and to the workers' process.</summary>
    private async Task<(string, string)> AddressesStickingToEachProcessAsync()
    {
        using var http = TwoPortalsBehindNginx.NewClient();
        var candidates = Enumerable.Range(1, 16).Select(i => $"10.15.0.{i}").ToList();
        foreach (var address in candidates)
        {
            using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(_portals.Url("/health")));
            probe.Headers.Add("X-Forwarded-For", address);
            (await http.SendAsync(probe)).EnsureSuccessStatusCode();
        }
        await Task.Delay(500); // nginx writes a request's log line as it finishes it
        var upstreams = _portals.Requests().Where(r => candidates.Contains(r.Client)).ToDictionary(r => r.Client, r => r.Upstream);
        var partner = upstreams.FirstOrDefault(u => u.Value == $"127.0.0.1:{_portals.WebOnlyPort}").Key;
        var reviewer = upstreams.FirstOrDefault(u => u.Value == $"127.0.0.1:{_portals.WorkersPort}").Key;
        Assert.True(partner is not null && reviewer is not null, $"16 addresses did not reach both processes: {string.Join(", ", upstreams)}");
        return (partner, reviewer);
    }

    private async Task ExpectAllRequestsWentToAsync(string client, int port)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!_portals.Requests().Any(r => r.Client == client && r.Status == "101" && r.Request.StartsWith("GET /_blazor", StringComparison.Ordinal)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"No WebSocket of {client} was logged:\n{File.ReadAllText(_portals.UpstreamLog)}");
            await Task.Delay(200);
        }
        var requests = _portals.Requests().Where(r => r.Client == client).ToList();
        Assert.All(requests, r => Assert.Equal($"127.0.0.1:{port}", r.Upstream));
    }

    private async Task<IPage> PageAsync(string clientAddress)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", TimezoneId = "Europe/London", IgnoreHTTPSErrors = true,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = clientAddress },
        });
        context.SetDefaultTimeout(60_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync(_portals.Url("/Account/Login"));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestAccounts.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
    }

    private async Task CloseContextsAsync()
    {
        foreach (var context in _contexts)
            await context.CloseAsync();
        _contexts.Clear();
    }

    public async Task DisposeAsync()
    {
        await CloseContextsAsync();
        await _portals.DisposeAsync();
    }

    /// <summary>Every lease owner seen on a running job while it lives: the process a job ran in (leases clear on completion).</summary>
    private sealed class LeaseOwners : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly HashSet<string> _seen = [];
        private readonly Task _sampling;

        public LeaseOwners(string connectionString) => _sampling = Task.Run(() => SampleAsync(connectionString));

        public IReadOnlyCollection<string> Seen
        {
            get { lock (_seen) return [.. _seen]; }
        }

        private async Task SampleAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(_stop.Token);
            while (!_stop.IsCancellationRequested)
            {
                await using var command = new NpgsqlCommand("""SELECT "LeaseOwner" FROM "Jobs" WHERE "LeaseOwner" IS NOT NULL""", connection);
                await using (var reader = await command.ExecuteReaderAsync(_stop.Token))
                    while (await reader.ReadAsync(_stop.Token))
                        lock (_seen) _seen.Add(reader.GetString(0));
                await Task.Delay(25, _stop.Token);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            try
            {
                _sampling.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // Cancelled mid-query: the sampler's expected end.
            }
            _stop.Dispose();
        }
    }
}

/// <summary>A fact of this assembly (PostgreSQL) that also needs nginx and the labelled photos: skipped, saying which is missing.</summary>
public sealed class NginxFaceFactAttribute : FactAttribute
{
    public NginxFaceFactAttribute()
    {
        if (Skip is not null)
            return;
        if (!NginxSample.Installed)
            Skip = "nginx is not installed (apt-get install nginx)";
        else if (!SharedFaces.Available)
            Skip = SharedFaces.SkipReason;
    }
}
