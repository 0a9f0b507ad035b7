using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Infrastructure;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Seeding;
using Portal.Infrastructure.Uploads;
using Portal.Fixtures;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// hostile [--only name] [--json file]: every file of the hostile corpus (the one the upload tests use) through
/// the real <see cref="ImageIntake"/>, one at a time: outcome, milliseconds, extra memory (peak RSS over the RSS
/// before the file, the peak mark reset per file) and managed allocation. Target: each decided within 2 s with at
/// most 64 MB extra.
/// </summary>
internal static class HostileCommand
{
    private const double TargetMs = 2000, TargetMb = 64;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var only = arguments.Optional("only");
        var corpus = HostileImages.All.Where(i => only is null || i.Name == only).ToList(); // built before measuring
        var data = Directory.CreateTempSubdirectory("reunite-hostile-bench").FullName;
        try
        {
            await using var services = StandaloneServices.Build(new Dictionary<string, string?>
            {
                ["Portal:DataDirectory"] = data, ["Portal:Admin:Password"] = "benchmark-password-1", ["Portal:Queue:Workers"] = "0",
            }, data);
            await services.InitialisePortalAsync();
            var intake = services.GetRequiredService<ImageIntake>();
            // Warm-up: JIT and first-use set-up of each decoder are not a file's cost.
            await intake.AcceptAsync(new MemoryStream(HostileImages.Jpeg(64, 64)), "warm-up.jpg");
            await intake.AcceptAsync(new MemoryStream(HostileBytes.Png()), "warm-up.png");

            Console.WriteLine(Invariant($"{"file",-36} {"ms",7} {"+MB",6} {"alloc MB",8}  outcome"));
            var rows = new List<Dictionary<string, object?>>();
            foreach (var file in corpus)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Stats.ResetPeakRss();
                var baseline = Stats.RssMegabytes();
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                var outcome = await intake.AcceptAsync(new MemoryStream(file.Bytes), file.Name);
                var ms = watch.Elapsed.TotalMilliseconds;
                var extraMb = Math.Max(0, Stats.PeakRssMegabytes() - baseline);
                var allocMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024);
                var expected = file.Accepted ? outcome.Succeeded : !outcome.Succeeded && outcome.Error!.Contains(file.Refusal!, StringComparison.Ordinal);
                var said = outcome.Succeeded ? $"accepted {outcome.Value!.Width}x{outcome.Value.Height}" : $"refused: {outcome.Error}";
                var flags = (expected ? "" : " UNEXPECTED") + (ms > TargetMs || extraMb > TargetMb ? " OVER TARGET" : "");
                Console.WriteLine(Invariant($"{file.Name,-36} {ms,7:0.0} {extraMb,6:0.0} {allocMb,8:0.0}  {said}{flags}"));
                rows.Add(new() { ["file"] = file.Name, ["bytes"] = file.Bytes.Length, ["ms"] = Math.Round(ms, 1), ["extra_mb"] = Math.Round(extraMb, 1),
                    ["alloc_mb"] = Math.Round(allocMb, 1), ["outcome"] = said, ["as_expected"] = expected });
            }
            var unexpected = rows.Count(r => !(bool)r["as_expected"]!);
            var over = rows.Count(r => (double)r["ms"]! > TargetMs || (double)r["extra_mb"]! > TargetMb);
            var maxMs = rows.Max(r => (double)r["ms"]!);
            var maxMb = rows.Max(r => (double)r["extra_mb"]!);
            Console.WriteLine(Invariant($"RESULT hostile files={rows.Count} unexpected={unexpected} over_target={over} max_ms={maxMs:0.0} max_extra_mb={maxMb:0.0}"));
            JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
            {
                ["files"] = rows.Count, ["unexpected"] = unexpected, ["over_target"] = over, ["max_ms"] = maxMs, ["max_extra_mb"] = maxMb, ["results"] = rows,
            });
            return unexpected == 0 && over == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
