using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Support;

/// <summary>
/// The whole portal on a temporary SQLite file, with demo data seeded. Settings can be overridden per test class.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory? _ownedData;

    /// <summary>A portal on its own temporary data directory.</summary>
    public PortalFactory()
    {
        _ownedData = new TempDirectory("reunite-portal");
        DataDirectory = _ownedData.Path;
    }

    protected PortalFactory(string dataDirectory) => DataDirectory = dataDirectory;

    /// <summary>A portal on a data directory the caller owns, e.g. to restart on the same database.</summary>
    public static PortalFactory OnDirectory(string dataDirectory) => new(dataDirectory);

    public string DataDirectory { get; }

    /// <summary>Settings that differ from the test defaults; set before the host starts.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Portal:Security:RequireTwoFactorForAdmins"] = "false",
        // Tests talk plain HTTP to the test server and to Kestrel; HttpsRequirementTests turn it on.
        ["Portal:Security:RequireHttps"] = "false",
        ["Portal:PublicBaseUrl"] = PublicBaseUrl,
    };

    /// <summary>Where e-mailed links point in tests; deliberately not the test client's own host.</summary>
    public const string PublicBaseUrl = "https://portal.test";

    /// <summary>
    /// The database the portal runs on: the assembly's default for <see cref="DataDirectory"/> (SQLite in Portal.Tests,
    /// PostgreSQL in Portal.Tests.PostgreSql) unless a test chooses one, e.g. <see cref="TestDatabase.PostgreSqlAsync"/>.
    /// </summary>
    public TestDatabase Database
    {
        get => _database ??= TestDatabase.ForDirectory(DataDirectory);
        set => _database = value;
    }

    private TestDatabase? _database;

    /// <summary>Service replacements (a fake clock, a failing disk) applied after the portal's own.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the host does not read the static web assets manifest by itself.
        builder.UseStaticWebAssets();
        builder.UseSetting("Portal:DataDirectory", DataDirectory);
        builder.UseSetting("Portal:SeedDemoData", "true");
        builder.UseSetting("Portal:DemoPassword", TestAccounts.DemoPassword);
        builder.UseSetting("Portal:Admin:Email", TestAccounts.AdminEmail);
        builder.UseSetting("Portal:Admin:Password", TestAccounts.AdminPassword);
        foreach (var (key, value) in Database.Settings)
            builder.UseSetting(key, value);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureServices(services => ConfigureTestServices?.Invoke(services));
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
            _ownedData?.Dispose();
    }
}
