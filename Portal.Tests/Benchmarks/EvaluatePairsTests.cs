using System.Text.Json;
using Portal.Benchmarks.Commands;
using Portal.Benchmarks.Support;
using Portal.Tests.Support;

namespace Portal.Tests.Benchmarks;

/// <summary>evaluate --pairs keeps working, and a photo the portal refuses no longer ends it with an unhandled exception.</summary>
[Collection(FaceEngineCollection.Name)]
public sealed class EvaluatePairsTests : IDisposable
{
    private readonly TempDirectory _folder = new("reunite-evaluate-pairs");

    public void Dispose() => _folder.Dispose();

    [FaceFact]
    public async Task APairWithAWebpNamedJpgIsSkippedAndTheFileCountedAsRefused()
    {
        // The RIFF/WEBP signature is all the portal needs to refuse the file by its bytes, whatever its name.
        await File.WriteAllBytesAsync(_folder.File("webp.jpg"), [.. "RIFF"u8, 36, 0, 0, 0, .. "WEBPVP8L"u8, .. new byte[32]]);
        var obama = Path.GetRelativePath(_folder.Path, SharedFaces.File("people/obama/obama1.jpg"));
        var biden = Path.GetRelativePath(_folder.Path, SharedFaces.File("people/biden/biden1.jpg"));
        var obama2 = Path.GetRelativePath(_folder.Path, SharedFaces.File("people/obama/obama2.jpg"));
        var pairs = _folder.File("pairs.csv");
        await File.WriteAllLinesAsync(pairs, [$"{obama},{obama2},1", $"{obama},{biden},0", $"{obama},webp.jpg,1"]);
        var jsonPath = _folder.File("pairs.json");

        var code = await EvaluateCommand.RunAsync(new Arguments(["--pairs", pairs, "--images", _folder.Path, "--json", jsonPath]));

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
        Assert.Equal(1, json.RootElement.GetProperty("refused").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("pairs").GetInt32());
    }
}
