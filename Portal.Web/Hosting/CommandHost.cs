using Portal.Infrastructure;

namespace Portal.Web.Hosting;

/// <summary>The host of the one-shot server commands (backup, restore, admin grant): the portal's services and settings, no hosted service, no port.</summary>
internal static class CommandHost
{
    public static IHost Build(string[] args)
    {
        // As WorkerHost: the ASPNETCORE_* variables too, so the same command line finds the same environment.
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, Configuration = configuration });
        builder.Services.AddInfrastructure(builder.Configuration);
        builder.Services.AddAuthentication();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return builder.Build();
    }
}
