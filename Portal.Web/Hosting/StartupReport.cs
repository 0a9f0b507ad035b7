using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Portal.Infrastructure.Seeding;

namespace Portal.Web.Hosting;

/// <summary>Prints where the portal listens and how to sign in, once it is actually listening.</summary>
internal static class StartupReport
{
    public static void PrintStartupReportWhenListening(this WebApplication app, SeedReport report) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            Console.WriteLine();
            Console.WriteLine("Reunite Portal is running.");
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
        });
}
