using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Seeding;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// queue --probes N [--gallery-faces 10000] [--image file] [--workers W] [--warmup 50] [--hosts 1] [--processes 1] [--provider Sqlite|PostgreSQL
/// --connection "…"]: probe photos pushed through the real storage and queue code on a real SQLite file (or an empty
/// PostgreSQL database), with the real models, against a gallery of synthetic faces. --hosts 2 runs workers in two hosts
/// in this one process, each with its own services and connection pool, as two worker processes would on one database.
/// --processes 2 adds a real worker OS process (this executable's queue-worker command) on the same data folder and database.
/// Measures sustained probes per second (stored upload to candidates written) and the time from enqueue to
/// the first progress on an idle queue.
/// </summary>
internal static class QueueCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var probes = arguments.Int("probes", 300);
        var galleryFaces = arguments.Int("gallery-faces", 10_000);
        var image = await File.ReadAllBytesAsync(arguments.Optional("image") ?? "../shared/faces/people/kit_harington/kit_harington2.jpg");
        var data = Directory.CreateTempSubdirectory("reunite-queue-bench").FullName;
        try
        {
            var settings = Settings(arguments, data);
            await using var services = StandaloneServices.Build(settings, data);
            await services.InitialisePortalAsync();
            var actor = await ThornStaffAsync(services);
            var gallery = (await services.GetRequiredService<GalleryService>().CreateAsync(actor, new NewGallery("Benchmark gallery", "", "synthetic"))).Value;
            await FillGalleryAsync(services, gallery, galleryFaces);

            // Further hosts start after the gallery is stored, so each loads the same index.
            await using var others = await OtherHosts.StartAsync(arguments.Int("hosts", 1) - 1, settings, data);
            var workers = others.Services.Prepend(services).Select(host => host.GetRequiredService<QueueWorker>()).ToList();
            foreach (var worker in workers)
                await worker.StartAsync(CancellationToken.None);
            var firstProgressMs = await FirstProgressAsync(services, actor, gallery, image);
            // Worker processes start after that in-process figure: this process hears no other process's progress.
            using var processes = await WorkerProcesses.StartAsync(arguments.Int("processes", 1) - 1, Forwarded(arguments), data);
            // "Sustained": the code is warmed up (tiered JIT, pools) by a first batch that is not counted.
            await ThroughputAsync(services, actor, gallery, image, arguments.Int("warmup", 50));
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime + processes.ProcessorTime;
            var pauseBefore = GC.GetTotalPauseDuration();
            var (seconds, done) = await ThroughputAsync(services, actor, gallery, image, probes);
            // Where the time goes: on 2 cores the run is CPU-bound, so CPU per probe is the figure to reduce.
            var cpuPerProbeMs = (Process.GetCurrentProcess().TotalProcessorTime + processes.ProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, done);
            var gcPauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
            foreach (var worker in workers)
                await worker.StopAsync(CancellationToken.None);

            var rate = done / seconds;
            Console.WriteLine(Invariant($"gallery: {galleryFaces:N0} faces; probe photo {image.Length / 1024} KB; {workers.Count} × {services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Portal.Infrastructure.Options.QueueOptions>>().Value.WorkerCount} workers in this process, {arguments.Int("processes", 1) - 1} worker process(es); {Environment.ProcessorCount} cores; {(settings.ContainsKey("ConnectionStrings:Portal") ? "PostgreSQL" : "SQLite")}"));
            Console.WriteLine(Invariant($"CPU per probe (all threads, upload to candidates): {cpuPerProbeMs:0.0} ms; GC pauses {gcPauseMs:0} ms in total"));
            Console.WriteLine(Invariant($"first progress after enqueue on an idle queue: {firstProgressMs:0} ms"));
            Console.WriteLine(Invariant($"{done} probes stored, queued, searched and written in {seconds:0.00} s: {rate:0.0} probes/s"));
            Console.WriteLine(Invariant($"RESULT queue processes={arguments.Int("processes", 1)} probes={done} gallery_faces={galleryFaces} seconds={seconds:0.00} probes_per_second={rate:0.0} first_progress_ms={firstProgressMs:0}"));
            JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
            {
                ["probes"] = done, ["gallery_faces"] = galleryFaces, ["seconds"] = Math.Round(seconds, 3),
                ["probes_per_second"] = Math.Round(rate, 2), ["first_progress_ms"] = Math.Round(firstProgressMs, 1),
            });
            return done == probes ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The portal's settings for a run (the queue-worker processes use the same, on the same data folder).</summary>
    internal static Dictionary<string, string?> Settings(Arguments arguments, string data)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Portal:DataDirectory"] = data, ["Portal:SeedDemoData"] = "true", ["Portal:DemoPassword"] = "benchmark-password-1",
            ["Portal:Admin:Password"] = "benchmark-password-1", ["Portal:Queue:Workers"] = arguments.Optional("workers") ?? "0",
            ["Portal:Uploads:FilesPerUserPerWindow"] = "1000000",
        };
        foreach (var (key, value) in DatabaseArguments.Settings(arguments))
            settings[key] = value;
        return settings;
    }

    private static IEnumerable<string> Forwarded(Arguments arguments) =>
        new[] { "workers", "provider", "connection" }
            .Where(name => arguments.Optional(name) is not null)
            .SelectMany(name => new[] { $"--{name}", arguments.Optional(name)! });

    /// <summary>
    /// Time from the start of submitting a one-probe case (photo checked and stored, job row committed) to the
    /// first progress notification the case page reacts to (a worker has claimed the job: "running").
    /// Deliberately conservative: it includes the hardened intake of the photo, not just the queue's pick-up.
    /// </summary>
    private static async Task<double> FirstProgressAsync(IServiceProvider services, Actor actor, Guid gallery, byte[] image)
    {
        var cases = services.GetRequiredService<CaseService>();
        await cases.SubmitAsync(actor, new NewCase("warm-up", Purpose.MissingChild, "", [gallery], 10), [Upload(image)]);
        await WaitForAllAsync(services, 1);

        var clock = Stopwatch.StartNew();
        var firstProgressAt = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = services.GetRequiredService<Notifier<JobsChanged>>()
            .Subscribe(_ => { firstProgressAt.TrySetResult(clock.Elapsed.TotalMilliseconds); return Task.CompletedTask; });
        var submitted = await cases.SubmitAsync(actor, new NewCase("idle", Purpose.MissingChild, "", [gallery], 10), [Upload(image)]);
        var firstProgress = await firstProgressAt.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitForAllAsync(services, 2);
        return submitted.CaseId is null ? double.NaN : firstProgress;
    }

    private static async Task<(double Seconds, int Done)> ThroughputAsync(IServiceProvider services, Actor actor, Guid gallery, byte[] image, int probes)
    {
        var cases = services.GetRequiredService<CaseService>();
        var before = (await JobsAsync(services)).Count;
        var clock = Stopwatch.StartNew();
        // Submitted as staff would: cases of ten probes, one after another, while the workers search.
        for (var submitted = 0; submitted < probes; submitted += 10)
        {
            var batch = Enumerable.Range(0, Math.Min(10, probes - submitted)).Select(_ => Upload(image)).ToList();
            await cases.SubmitAsync(actor, new NewCase($"load-{submitted}", Purpose.MissingChild, "", [gallery], 10), batch);
        }
        await WaitForAllAsync(services, before + probes);
        var jobs = await JobsAsync(services);
        return (clock.Elapsed.TotalSeconds, jobs.Count(j => j.State == JobState.Succeeded) - before);
    }

    private static ProbeUpload Upload(byte[] image) => new("probe.jpg", image.Length, () => new MemoryStream(image));

    /// <summary>Waits until <paramref name="count"/> jobs exist and all have finished; a cheap count, so the harness takes little CPU from the workers.</summary>
    private static async Task WaitForAllAsync(IServiceProvider services, int count)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        while (true)
        {
            await using (var db = await factory.CreateDbContextAsync())
            {
                var finished = await db.Jobs.CountAsync(j => j.State == JobState.Succeeded || j.State == JobState.DeadLettered);
                if (finished >= count && finished == await db.Jobs.CountAsync())
                    return;
            }
            await Task.Delay(50);
        }
    }

    private static async Task<List<RecognitionJob>> JobsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Jobs.AsNoTracking().ToListAsync();
    }

    private static async Task FillGalleryAsync(IServiceProvider services, Guid gallery, int count)
    {
        var random = new Random(42);
        var store = services.GetRequiredService<FaceStore>();
        for (var start = 0; start < count; start += 1000)
        {
            var batch = Enumerable.Range(0, Math.Min(1000, count - start)).Select(_ =>
            {
                var vector = new float[InMemoryFaceIndex.Dimensions];
                for (var i = 0; i < vector.Length; i++)
                    vector[i] = (float)(random.NextDouble() * 2 - 1);
                FaceEmbedder.Normalise(vector);
                return new StoredFace { GalleryId = gallery, ImageId = Guid.NewGuid(), Width = 100, Height = 100, DetectionScore = 1, Embedding = StoredFace.Pack(vector), PipelineVersion = FacePipelineVersion.Current };
            }).ToList();
            await store.AddAsync(batch);
        }
    }

    private static async Task<Actor> ThornStaffAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync("staff@thorn.example"))!;
        return new Actor(user.Id, user.Email!, user.OrganisationId);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
