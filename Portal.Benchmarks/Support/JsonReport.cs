using System.Text.Json;

namespace Portal.Benchmarks.Support;

internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Writes the key figures to --json, when given.</summary>
    public static void WriteIfAsked(Arguments arguments, IReadOnlyDictionary<string, object?> figures)
    {
        if (arguments.Optional("json") is { } path)
            File.WriteAllText(path, JsonSerializer.Serialize(figures, Options));
    }
}
