using Portal.Benchmarks.Commands;
using Portal.Benchmarks.Support;
using Portal.Tests.Support;

namespace Portal.Tests.Benchmarks;

/// <summary>identify reads its photos through the portal's upload path: a photo the portal refuses is reported, not fatal.</summary>
[Collection(FaceEngineCollection.Name)]
public sealed class IdentifyTests : IDisposable
{
    private readonly TempDirectory _folder = new("reunite-identify");

    public void Dispose() => _folder.Dispose();

    [FaceFact]
    public async Task AWebpNamedJpgInTheTreeIsReportedAndTheRestIsScored()
    {
        // A folder per identity, as the command expects; copies in a temp folder only, never in the repository.
        foreach (var (person, count) in new[] { ("obama", 2), ("biden", 2) })
        {
            Directory.CreateDirectory(_folder.File(person));
            for (var i = 1; i <= count; i++)
                File.Copy(SharedFaces.File($"people/{person}/{person}{i}.jpg"), _folder.File($"{person}/{person}{i}.jpg"));
        }
        // The RIFF/WEBP signature is all the portal needs to refuse the file by its bytes, whatever its name.
        await File.WriteAllBytesAsync(_folder.File("biden/webp.jpg"), [.. "RIFF"u8, 36, 0, 0, 0, .. "WEBPVP8L"u8, .. new byte[32]]);
        var jsonPath = _folder.File("identify.json");

        var code = await IdentifyCommand.RunAsync(new Arguments(["--images", _folder.Path, "--json", jsonPath]));

        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(jsonPath));
        Assert.Equal(4, json.RootElement.GetProperty("probes").GetInt32());
        Assert.Equal(4, json.RootElement.GetProperty("rank1").GetInt32());
    }

    [Fact]
    public void AWholeNumberOptionGivenWordsSaysWhichOptionIsWrong()
    {
        var arguments = new Arguments(["--count", "many"]);

        var problem = Assert.Throws<ArgumentException>(() => arguments.Int("count", 10));

        Assert.Equal("--count takes a whole number, not 'many'.", problem.Message);
    }
}
