using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Infrastructure;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// face-load [--faces 1000000] [--galleries 20] [--runs 3] [--fill no] [--codes no|copy|as-is] [--data dir] [--provider Sqlite|PostgreSQL --connection "…"]: a process's
/// start-up load of the face index. Fills a fresh database with synthetic faces (bulk, not measured), then times the
/// portal's own load path (<see cref="FaceIndexReplica.LoadAsync"/>: the snapshot read into the in-memory index) in a
/// fresh service provider per run, as a starting process would. Reports faces/s, the managed memory the loaded index
/// holds, and the process's peak resident memory. --fill no loads a database filled by an earlier run (PostgreSQL, or SQLite in the folder --data kept).
/// </summary>
internal static class FaceLoadCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var faces = arguments.Int("faces", 1_000_000);
        var runs = arguments.Int("runs", 3);
        // --data keeps the SQLite database for a later --fill no: filling a million faces takes minutes.
        var kept = arguments.Optional("data");
        var data = kept is null ? Directory.CreateTempSubdirectory("reunite-face-load").FullName : Directory.CreateDirectory(kept).FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Portal:DataDirectory"] = data, ["Portal:SeedDemoData"] = "false", ["Portal:Admin:Password"] = "benchmark-password-1",
            };
            foreach (var (key, value) in DatabaseArguments.Settings(arguments))
                settings[key] = value;
            var postgreSql = settings.TryGetValue("ConnectionStrings:Portal", out var connection);
            await using (var setup = StandaloneServices.Build(settings, data))
            {
                await setup.InitialisePortalAsync();
                var fill = Stopwatch.StartNew();
                if (arguments.Optional("fill") == "no")
                    Console.WriteLine("--fill no: loading the faces already in the database");
                else if (postgreSql)
                    await FaceFill.PostgreSqlAsync(connection!, faces, arguments.Int("galleries", 20));
                else
                    FaceFill.Sqlite($"Data Source={setup.GetRequiredService<DataPaths>().Database}", faces, arguments.Int("galleries", 20));
                if (arguments.Optional("fill") != "no")
                    Console.WriteLine(Invariant($"filled {faces:N0} faces in {fill.Elapsed.TotalSeconds:0.0} s (set-up, not measured)"));
                // The bulk fill stores embeddings only, as a portal from before stored codes would have: the portal's own
                // backfill then writes them (its rate is the upgrade's cost). --codes no measures a load without them.
                if (arguments.Optional("codes") == "as-is")
                    Console.WriteLine("--codes as-is: the stored codes are left as they are");
                else if (arguments.Optional("codes") == "copy" && postgreSql)
                {
                    var copy = Stopwatch.StartNew();
                    var written = await FaceFill.PostgreSqlCodesAsync(connection!);
                    Console.WriteLine(Invariant($"--codes copy: stored the index codes of {written:N0} faces by binary COPY in {copy.Elapsed.TotalSeconds:0.0} s (set-up, not the portal's backfill)"));
                }
                else if (arguments.Optional("codes") != "no")
                {
                    var backfill = Stopwatch.StartNew();
                    var written = await setup.GetRequiredService<FaceCodeBackfill>().RunAsync();
                    Console.WriteLine(Invariant($"stored the index codes of {written:N0} faces in {backfill.Elapsed.TotalSeconds:0.0} s ({(written == 0 ? 0 : written / backfill.Elapsed.TotalSeconds):N0} faces/s)"));
                }
                else
                {
                    await using var db = await setup.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
                    await db.FaceCodes.ExecuteDeleteAsync();
                    Console.WriteLine("--codes no: every stored code deleted, so the load encodes every face from its embedding");
                }
            }
            if (runs == 0)
                return 0; // --runs 0: fill only, for a later --fill no
            var rates = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
                await using var process = StandaloneServices.Build(settings, data);
                var (cpuBefore, systemBefore) = (Process.GetCurrentProcess().TotalProcessorTime, Process.GetCurrentProcess().PrivilegedProcessorTime);
                var clock = Stopwatch.StartNew();
                var loaded = await process.GetRequiredService<FaceIndexReplica>().LoadAsync();
                var seconds = clock.Elapsed.TotalSeconds;
                // This process's CPU for the load: on a shared machine the figure that does not depend on the others.
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                // The kernel's share: page faults on fresh memory and reads of the database file show here, not in the profile.
                var system = (Process.GetCurrentProcess().PrivilegedProcessorTime - systemBefore).TotalSeconds;
                // Only the first run's growth is the index: during a later run the collector can also free the earlier
                // run's index, and the difference then says nothing (it read 0 MB).
                var held = run == 1 ? Invariant($"index holds {(GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / 1048576.0:0} MB (managed); ") : "";
                rates.Add(loaded / seconds);
                var encoded = process.GetRequiredService<FaceIndexReplica>().FacesWithoutCodes;
                Console.WriteLine(Invariant($"run {run}: loaded {loaded:N0} faces ({encoded:N0} encoded from embeddings) in {seconds:0.00} s: {loaded / seconds:N0} faces/s, {cpu:0.0} CPU s in this process ({system:0.0} s in the kernel); {held}process peak resident {Stats.PeakRssMegabytes():0} MB so far"));
                if (loaded != faces)
                    return 1;
            }
            var provider = postgreSql ? "PostgreSQL" : "SQLite";
            Console.WriteLine(Invariant($"RESULT face-load provider={provider} faces={faces} median_faces_per_second={Stats.Median(rates):0} min_faces_per_second={rates.Min():0}"));
            JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
            {
                ["provider"] = provider, ["faces"] = faces, ["facesPerSecond"] = rates,
            });
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (kept is null)
                Directory.Delete(data, recursive: true);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
