using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Seeding;

namespace Portal.Tests.Support;

/// <summary>
/// The infrastructure layer on the assembly's default database for its data directory (or the <see cref="TestDatabase"/> given), without the web host:
/// what a second process sharing the database would run.
/// </summary>
public sealed class InfrastructureHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private InfrastructureHost(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static async Task<InfrastructureHost> StartAsync(string dataDirectory, bool seedDemoData = false,
        Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null, TestDatabase? database = null,
        bool initialise = true)
    {
        var values = new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = dataDirectory,
            ["Portal:SeedDemoData"] = seedDemoData ? "true" : "false",
            ["Portal:DemoPassword"] = TestAccounts.DemoPassword,
            ["Portal:Admin:Email"] = TestAccounts.AdminEmail,
            ["Portal:Admin:Password"] = TestAccounts.AdminPassword,
            ["Portal:PublicBaseUrl"] = PortalFactory.PublicBaseUrl,
        };
        foreach (var (key, value) in (database ?? await TestDatabase.ForDirectoryAsync(dataDirectory)).Settings)
            values[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var provider = StandaloneServices.Build(values, dataDirectory, configure);
        // Not initialised: a restore puts the database back before the portal's start-up runs on it.
        if (initialise)
            await provider.InitialisePortalAsync();
        return new InfrastructureHost(provider);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
