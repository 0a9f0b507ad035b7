using Portal.Domain.Queue;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Support;

/// <summary>
/// The test assembly's own entry point (the test runner never calls it): `dotnet Portal.Tests.dll crash-worker
/// &lt;data directory&gt; &lt;image id&gt;` is a second process running the real queue worker on the test's database,
/// which kills itself mid-job whenever it runs that image's job, as a worker killed by the OS would.
/// </summary>
public static class CrashWorker
{
    public const string Command = "crash-worker";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [Command, var dataDirectory, var image])
        {
            await Console.Error.WriteLineAsync($"Portal.Tests runs under a test runner; '{Command} <data directory> <image id>' hosts a crashing queue worker.");
            return 2;
        }
        await RunAsync(dataDirectory, Guid.Parse(image));
        return 0;
    }

    private static async Task RunAsync(string dataDirectory, Guid poison)
    {
        var settings = new Dictionary<string, string?>(QueueTestBed.FastQueue)
        {
            ["Portal:DataDirectory"] = dataDirectory,
            ["Portal:Queue:Workers"] = "1",
            // Longer than the test bed's: on a loaded machine a 2-second lease can lapse between claim and crash.
            ["Portal:Queue:Lease"] = "00:00:04",
            ["Portal:DemoPassword"] = TestAccounts.DemoPassword,
            ["Portal:Admin:Email"] = TestAccounts.AdminEmail,
            ["Portal:Admin:Password"] = TestAccounts.AdminPassword,
        };
        // The test's host made the directory's database before starting this process: the same one, on either provider.
        foreach (var (key, value) in (await TestDatabase.ForDirectoryAsync(dataDirectory)).Settings)
            settings[key] = value;
        await using var provider = StandaloneServices.Build(settings, dataDirectory, services => services.Script(JobKind.IndexGalleryImage,
            async (real, job, progress, token) =>
            {
                // Claimed, running, holding the lease: dies before it can say anything, as a worker killed by the OS would.
                if (job.SubjectId == poison)
                    Environment.FailFast("crash-worker: dying mid-job");
                await real.RunAsync(job, progress, token);
            }));
        await provider.GetRequiredService<QueueWorker>().StartAsync(CancellationToken.None);
        // The test stops it (or the poison job does); never outlive a test run that itself died.
        await Task.Delay(TimeSpan.FromSeconds(90));
    }
}
