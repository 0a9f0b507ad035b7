using Microsoft.Extensions.Options;
using Portal.Infrastructure;
using Portal.Infrastructure.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// The workers-only role: <c>dotnet Portal.Web.dll --workers-only</c> (or <c>dotnet run --project Portal.Web --
/// --workers-only</c>). The same binary and settings as the web process, on the generic host instead of the web
/// host: every hosted service the infrastructure registers (queue workers, face index loader, moratorium
/// enforcer, audit checkpoints, stored-image cleanup) and the same start-up migration and seeding, but no
/// endpoints and no Kestrel, so it opens no port. Ctrl+C or SIGTERM stops it gracefully: running jobs go back
/// to the queue.
/// </summary>
internal static class WorkerHost
{
    public const string Switch = "--workers-only";

    public const string Contradiction =
        "--workers-only with Portal:Queue:RunWorkers=false would start a process that does nothing: remove the switch " +
        "for a web-only process, or set Portal:Queue:RunWorkers to true for a worker process.";

    /// <summary>Runs the workers-only process when the switch is given; false (nothing done) otherwise.</summary>
    public static async Task<bool> RunIfRequestedAsync(string[] args)
    {
        if (!args.Contains(Switch, StringComparer.Ordinal))
            return false;
        Environment.ExitCode = await RunAsync(args.Where(arg => arg != Switch).ToArray());
        return true;
    }

    private static async Task<int> RunAsync(string[] args)
    {
        // The web host also reads ASPNETCORE_* variables (ASPNETCORE_ENVIRONMENT from launchSettings.json above
        // all); so does this one, or the same command line and environment would start it in another environment.
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, Configuration = configuration });
        builder.Services.AddInfrastructure(builder.Configuration);
        // Identity's sign-in manager, registered by the infrastructure and never used here, needs the scheme provider.
        builder.Services.AddAuthentication();
        // Checked in every environment, not only Development: a missing registration stops the process at start,
        // not at the first job, hours later on a machine nobody watches.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        using var host = builder.Build();

        if (!host.Services.GetRequiredService<IOptions<QueueOptions>>().Value.RunWorkers)
        {
            await Console.Error.WriteLineAsync(Contradiction);
            return 1;
        }
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var seedReport = await host.Services.InitialisePortalAsync(lifetime.ApplicationStopping);
        host.PrintStartupReportWhenStarted(seedReport);
        await host.RunAsync();
        return 0;
    }
}
