using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// The infrastructure without the web host: for the benchmarks and for tests that stand for a second
/// process on the same database. Hosted services are not started; the caller starts what it needs.
/// </summary>
public static class StandaloneServices
{
    public static ServiceProvider Build(IDictionary<string, string?> settings, string contentRoot, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IHostEnvironment>(new StandaloneEnvironment(contentRoot));
        services.AddInfrastructure(configuration);
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private sealed class StandaloneEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Standalone";
        public string ApplicationName { get; set; } = "Portal";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
