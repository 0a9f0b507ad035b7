using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Seeding;

namespace Portal.Web.Hosting;

/// <summary>Prints the process's role, where it listens and how to sign in, once it is actually running.</summary>
internal static class StartupReport
{
    public static void PrintStartupReportWhenListening(this WebApplication app, SeedReport report) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var queue = app.Services.GetRequiredService<IOptions<QueueOptions>>().Value;
            Print(ProcessRoles.OfWebProcess(queue).Describe(queue), addresses, report);
        });

    /// <summary>
    /// The workers-only process's report. It still shows the sign-ins: when it is the first process on a new
    /// database, the generated admin password is made, and shown once, here.
    /// </summary>
    public static void PrintStartupReportWhenStarted(this IHost host, SeedReport report) =>
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
        {
            var queue = host.Services.GetRequiredService<IOptions<QueueOptions>>().Value;
            Print(ProcessRole.WorkersOnly.Describe(queue), [], report);
        });

    private static void Print(string role, ICollection<string> addresses, SeedReport report)
    {
        Console.WriteLine();
        Console.WriteLine("Reunite Portal is running.");
        Console.WriteLine($"  Role: {role}");
        foreach (var address in addresses)
            Console.WriteLine($"  Open {address}");
        Console.WriteLine($"  Platform admin: {report.AdminEmail}");
        if (report.GeneratedAdminPassword is { } password)
            Console.WriteLine($"  Generated admin password (shown once; change it after signing in): {password}");
        if (report.DemoAccounts.Count > 0)
        {
            Console.WriteLine($"  Demo accounts (password: {report.DemoPassword}):");
            foreach (var account in report.DemoAccounts)
                Console.WriteLine($"    {account.Email,-28} {account.Roles,-13} {account.Organisation}");
        }
        Console.WriteLine();
    }
}
