using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Infrastructure;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Seeding;
using Portal.Infrastructure.Uploads;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// crops [--image file] [--requests 320] [--concurrency 32] [--missing]: a burst of zoomed face-crop requests for one
/// indexed photo, through the real crop service on a real SQLite file, and the time of a sign-in's password check
/// (the CPU a sign-in needs) made one after another while the burst runs. --missing deletes the stored crops
/// first, as for a face indexed before crops were stored.
/// </summary>
internal static class CropsCommand
{
    private const string Password = "benchmark-password-1";

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var path = arguments.Optional("image") ?? "../shared/faces/single/biden_7mpx.jpg";
        var requests = arguments.Int("requests", 320);
        var concurrency = arguments.Int("concurrency", 32);
        var data = Directory.CreateTempSubdirectory("reunite-crops-bench").FullName;
        try
        {
            await using var services = StandaloneServices.Build(new Dictionary<string, string?>
            {
                ["Portal:DataDirectory"] = data, ["Portal:SeedDemoData"] = "true", ["Portal:DemoPassword"] = Password,
                ["Portal:Admin:Password"] = Password, ["Portal:Queue:Workers"] = "1",
            }, data);
            await services.InitialisePortalAsync();
            var (actor, user) = await ThornStaffAsync(services);
            var faceId = await IndexAsync(services, actor, path);
            var crops = services.GetRequiredService<FaceCrops>();
            // One request first, so the burst does not also time JIT and EF's query compilation.
            await crops.GalleryFaceAsync(actor, faceId, true, CancellationToken.None);
            if (arguments.Optional("missing") is not null)
                DeleteStoredCrops(services);

            var idle = new List<double>();
            for (var i = 0; i < 7; i++)
                idle.Add(await SignInCheckMsAsync(services, user));
            var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();
            // The machine may be shared: the process's CPU time for the burst is the figure other load does not move.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var burst = Parallel.ForEachAsync(Enumerable.Range(0, requests), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, token) =>
            {
                try
                {
                    var crop = await crops.GalleryFaceAsync(actor, faceId, true, token);
                    outcomes.Add(!crop.Succeeded ? crop.Kind.ToString() : crop.Value!.IsBusy ? "Busy" : crop.Value.Jpeg is { Length: > 0 } ? "served" : "empty");
                }
                catch (Exception exception)
                {
                    // What a web request would answer 500 for (e.g. a decode over its time limit under the burst).
                    outcomes.Add(exception.GetType().Name);
                }
            });
            var loaded = new List<double>();
            while (!burst.IsCompleted)
                loaded.Add(await SignInCheckMsAsync(services, user));
            await burst;
            var seconds = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

            var served = outcomes.Count(o => o == "served");
            var refused = string.Join(" ", outcomes.Where(o => o != "served").GroupBy(o => o).Select(g => $"{g.Key}={g.Count()}"));
            Console.WriteLine(Invariant($"{Path.GetFileName(path)}: {requests} zoomed crops, {concurrency} at a time, in {seconds:0.00} s ({cpuSeconds:0.00} s of CPU); served {served}{(refused.Length > 0 ? "; not served: " + refused : "")}"));
            Console.WriteLine(Invariant($"sign-in password check: idle median {Stats.Median(idle):0} ms; during the burst median {Stats.Median(loaded):0} ms, max {loaded.DefaultIfEmpty(double.NaN).Max():0} ms ({loaded.Count} checks)"));
            Console.WriteLine(Invariant($"RESULT crops requests={requests} concurrency={concurrency} seconds={seconds:0.00} cpu_seconds={cpuSeconds:0.00} served={served} failed={requests - served} signin_idle_ms={Stats.Median(idle):0} signin_loaded_median_ms={Stats.Median(loaded):0} signin_loaded_max_ms={loaded.DefaultIfEmpty(double.NaN).Max():0}"));
            JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
            {
                ["requests"] = requests, ["concurrency"] = concurrency, ["seconds"] = Math.Round(seconds, 3), ["cpu_seconds"] = Math.Round(cpuSeconds, 3), ["served"] = served,
                ["signin_idle_ms"] = Math.Round(Stats.Median(idle), 1), ["signin_loaded_median_ms"] = Math.Round(Stats.Median(loaded), 1),
                ["signin_loaded_max_ms"] = Math.Round(loaded.DefaultIfEmpty(double.NaN).Max(), 1),
            });
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Uploads the photo to a new gallery and lets one queue worker index it; returns its best face.</summary>
    private static async Task<Guid> IndexAsync(IServiceProvider services, Actor actor, string path)
    {
        var galleries = services.GetRequiredService<GalleryService>();
        var gallery = (await galleries.CreateAsync(actor, new NewGallery("Crop benchmark", "", "benchmark"))).Value;
        await using (var photo = File.OpenRead(path))
        {
            var upload = await galleries.UploadAsync(actor, gallery, photo, Path.GetFileName(path));
            if (!upload.Accepted)
                throw new InvalidOperationException(upload.Message);
        }
        var worker = services.GetRequiredService<QueueWorker>();
        await worker.StartAsync(CancellationToken.None);
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        while (true)
        {
            await using var db = await factory.CreateDbContextAsync();
            if (await db.Jobs.AllAsync(j => j.State == JobState.Succeeded || j.State == JobState.DeadLettered))
                break;
            await Task.Delay(50);
        }
        await worker.StopAsync(CancellationToken.None);
        await using var read = await factory.CreateDbContextAsync();
        return await read.Faces.OrderByDescending(f => f.DetectionScore).Select(f => f.Id).FirstAsync();
    }

    /// <summary>Crops stored under the file store's folder; none exist where crops are cut on request.</summary>
    private static void DeleteStoredCrops(IServiceProvider services)
    {
        var folder = Path.Combine(services.GetRequiredService<FileStore>().Folder, "crops");
        if (Directory.Exists(folder))
            foreach (var file in Directory.EnumerateFiles(folder))
                File.Delete(file);
    }

    private static async Task<double> SignInCheckMsAsync(IServiceProvider services, ApplicationUser user)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var clock = Stopwatch.StartNew();
        var found = await users.FindByIdAsync(user.Id);
        if (found is null || !await users.CheckPasswordAsync(found, Password))
            throw new InvalidOperationException("The sign-in check did not run as expected.");
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<(Actor Actor, ApplicationUser User)> ThornStaffAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("staff@thorn.example"))!;
        return (new Actor(user.Id, user.Email!, user.OrganisationId), user);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
