using System.Globalization;
using Portal.Benchmarks.Support;

namespace Portal.Benchmarks.Commands;

/// <summary>inspect --image &lt;file&gt;: every face found, with box, score, landmarks and quality verdict.</summary>
internal static class InspectCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        using var pipeline = Engine.Create();
        foreach (var path in arguments.Required("image").Split(','))
        {
            await using var stream = File.OpenRead(path);
            var analysis = await pipeline.AnalyzeAsync(stream);
            Console.WriteLine($"{path}: {analysis.Width}x{analysis.Height}, {analysis.Faces.Count} face(s)");
            foreach (var face in analysis.Faces)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  box {face.Box.X:0},{face.Box.Y:0} {face.Box.Width:0}x{face.Box.Height:0} score {face.DetectionScore:0.000} " +
                    $"points {string.Join(" ", face.Landmarks.Select(p => $"({p.X:0},{p.Y:0})"))} " +
                    $"sharp {face.Quality.Measures.Sharpness:0} yaw {face.Quality.Measures.YawRatio:0.00} strength {face.Quality.Measures.Strength:0.00} " +
                    $"{(face.Quality.Passed ? "passed" : string.Join("; ", face.Quality.Reasons))}"));
            }
        }
        return 0;
    }
}
