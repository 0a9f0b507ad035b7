using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Infrastructure;
using Portal.Infrastructure.Seeding;

namespace Portal.Tests.Support;

/// <summary>
/// The infrastructure layer on a real SQLite file, without the web host: what a second process
/// sharing the database would run.
/// </summary>
public sealed class InfrastructureHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private InfrastructureHost(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static async Task<InfrastructureHost> StartAsync(string dataDirectory, bool seedDemoData = false,
        Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = dataDirectory,
            ["Portal:SeedDemoData"] = seedDemoData ? "true" : "false",
            ["Portal:DemoPassword"] = TestAccounts.DemoPassword,
            ["Portal:Admin:Email"] = TestAccounts.AdminEmail,
            ["Portal:Admin:Password"] = TestAccounts.AdminPassword,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(dataDirectory));
        services.AddInfrastructure(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await provider.GetRequiredService<PortalInitialiser>().InitialiseAsync();
        return new InfrastructureHost(provider);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private sealed class TestHostEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Testing";
        public string ApplicationName { get; set; } = "Portal.Tests";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
