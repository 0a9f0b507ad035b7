using Portal.Infrastructure.Options;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;
using SixLabors.ImageSharp;

namespace Portal.Tests.Infrastructure.Uploads;

/// <summary>
/// The generated hostile corpus, end to end through <see cref="ImageIntake"/>: each file gets its defined
/// outcome; an accepted one is stored as pixels only and within the limits, a refused one leaves nothing behind.
/// </summary>
public sealed class HostileImageTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() => _host = await InfrastructureHost.StartAsync(_data.Path);

    public static TheoryData<string> Corpus => new(HostileImages.All.Select(i => i.Name));

    [Fact]
    public void TheCorpusHasAtLeastThirtyFilesWithDistinctNames() =>
        Assert.True(HostileImages.All.Select(i => i.Name).Distinct().Count() is var count && count >= 30 && count == HostileImages.All.Count);

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task EachHostileFileGetsItsDefinedOutcomeAndOnlyPixelsAreStored(string name)
    {
        var file = HostileImages.Named(name);
        var files = _host.Get<FileStore>();

        var outcome = await _host.Get<ImageIntake>().AcceptAsync(new MemoryStream(file.Bytes), name + ".img");

        var stored = Directory.EnumerateFiles(files.Folder).ToList();
        Assert.Empty(Directory.EnumerateFiles(files.Incoming));
        if (!file.Accepted)
        {
            Assert.False(outcome.Succeeded, $"{name} was accepted");
            Assert.Contains(file.Refusal!, outcome.Error, StringComparison.Ordinal);
            Assert.Empty(stored);
            return;
        }
        Assert.True(outcome.Succeeded, $"{name}: {outcome.Error}");
        Assert.Equal((file.Width, file.Height), (outcome.Value!.Width, outcome.Value.Height));
        var bytes = await File.ReadAllBytesAsync(Assert.Single(stored));
        StoredStructure.AssertPixelsOnly(bytes);
        var info = Image.Identify(bytes);
        var limits = new ImageLimits();
        Assert.True(info.Width <= limits.MaxSide && info.Height <= limits.MaxSide && (long)info.Width * info.Height <= limits.MaxMegapixels * 1_000_000L);
        Assert.Equal((file.Width, file.Height), (info.Width, info.Height));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
