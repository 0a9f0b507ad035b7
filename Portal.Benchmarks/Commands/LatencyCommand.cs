using System.Diagnostics;
using System.Globalization;
using Portal.Benchmarks.Support;
using Portal.Infrastructure.Face;

namespace Portal.Benchmarks.Commands;

/// <summary>latency --image &lt;file&gt; [--runs N] [--threads T]: per-stage times after a warm-up, and peak memory.</summary>
internal static class LatencyCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var path = arguments.Required("image");
        var runs = arguments.Int("runs", 50);
        using var pipeline = Engine.Create(arguments.Optional("threads") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : null);
        var bytes = await File.ReadAllBytesAsync(path);

        var decode = new List<double>();
        var detect = new List<double>();
        var landmarks = new List<double>();
        var embed = new List<double>();
        var total = new List<double>();
        int width = 0, height = 0, faces = 0;
        for (var run = -5; run < runs; run++)
        {
            var clock = Stopwatch.StartNew();
            using var image = await Engine.Reader.DecodeAsync(new MemoryStream(bytes));
            var decodeMs = clock.Elapsed.TotalMilliseconds;
            var analysis = pipeline.Analyze(image, Engine.PipelineVersion, out var timings);
            if (run < 0)
                continue; // warm-up: JIT, first-run allocations, ONNX Runtime's lazy set-up
            decode.Add(decodeMs);
            detect.Add(timings.DetectMs);
            landmarks.Add(timings.LandmarksMs);
            embed.Add(timings.EmbedMs);
            total.Add(timings.TotalMs);
            (width, height, faces) = (analysis.Width, analysis.Height, analysis.Faces.Count);
        }
        var endToEnd = decode.Zip(total, (a, b) => a + b).ToList();
        var rss = Stats.PeakRssMegabytes();
        Console.WriteLine($"{Path.GetFileName(path)}: {width}x{height}, {faces} face(s), {runs} runs after 5 warm-up runs");
        Console.WriteLine("stage       median     p90   (ms)");
        Line("decode", decode);
        Line("detect", detect);
        Line("landmarks", landmarks);
        Line("embed", embed);
        Line("total", total);
        Line("decode+all", endToEnd);
        Console.WriteLine(Invariant($"peak RSS {rss:0} MB"));
        Console.WriteLine(Invariant($"RESULT latency width={width} height={height} faces={faces} decode_median_ms={Stats.Median(decode):0.0} total_median_ms={Stats.Median(total):0.0} total_p90_ms={Stats.Percentile(total, 0.9):0.0} decode_plus_total_median_ms={Stats.Median(endToEnd):0.0} peak_rss_mb={rss:0}"));
        JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
        {
            ["width"] = width, ["height"] = height, ["faces"] = faces,
            ["decode_median_ms"] = Math.Round(Stats.Median(decode), 2), ["total_median_ms"] = Math.Round(Stats.Median(total), 2),
            ["total_p90_ms"] = Math.Round(Stats.Percentile(total, 0.9), 2), ["peak_rss_mb"] = Math.Round(rss, 1),
        });
        return 0;
    }

    private static void Line(string stage, List<double> values) =>
        Console.WriteLine(Invariant($"{stage,-10} {Stats.Median(values),7:0.0} {Stats.Percentile(values, 0.9),7:0.0}"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
