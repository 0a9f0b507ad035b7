using Portal.Infrastructure.Lifecycle;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Backup;

/// <summary>The deletion log: signed, chained, numbered lines outside the data directory that a restore can trust.</summary>
public sealed class FileDeletionLogTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync() => _host = await InfrastructureHost.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private FileDeletionLog Log => (FileDeletionLog)_host.Get<IDeletionLog>();

    [Fact]
    public async Task ReadsBackTheRecordsAfterAPositionInOrderWithRisingPositions()
    {
        var image = Guid.NewGuid();
        var first = await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [image], StoredNames = ["0123456789abcdef0123456789abcdef.jpg"] });
        var second = await Log.AppendAsync(new DeletionRecord { Cause = "gallery.deleted", GalleryIds = [Guid.NewGuid()] });
        var third = await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", FaceIds = [Guid.NewGuid()] });

        Assert.Equal([1L, 2L, 3L], new[] { first.Position, second.Position, third.Position });
        Assert.Equal(3, await Log.PositionAsync());
        var after = await Log.ReadAfterAsync(1);
        Assert.Equal([2L, 3L], after.Select(r => r.Position));
        Assert.Equal("gallery.deleted", after[0].Cause);
        Assert.Equal(second.GalleryIds, after[0].GalleryIds);
        var all = await Log.ReadAfterAsync(0);
        Assert.Equal([image], all[0].ImageIds);
        Assert.Equal(["0123456789abcdef0123456789abcdef.jpg"], all[0].StoredNames);
        Assert.False(Log.FilePath.StartsWith(_data.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal), "the log lies outside the data directory");
    }

    [Fact]
    public async Task DetectsARemovedLine()
    {
        for (var i = 0; i < 3; i++)
            await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        var lines = await File.ReadAllLinesAsync(Log.FilePath);
        await File.WriteAllLinesAsync(Log.FilePath, [lines[0], lines[2]]);

        var broken = await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
        Assert.Contains("line 2", broken.Message);
    }

    [Fact]
    public async Task DetectsAnEditedLine()
    {
        var kept = Guid.NewGuid();
        await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [kept] });
        await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        var text = await File.ReadAllTextAsync(Log.FilePath);
        // Someone takes one photo out of the record, so that a restore would bring it back.
        await File.WriteAllTextAsync(Log.FilePath, text.Replace(kept.ToString(), Guid.NewGuid().ToString(), StringComparison.Ordinal));

        var broken = await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
        Assert.Contains("line 1", broken.Message);
        Assert.Contains("signature", broken.Message);
    }

    [Fact]
    public async Task SurvivesARestartAndGoesOnNumberingFromWhereItWas()
    {
        await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        await _host.DisposeAsync();

        _host = await InfrastructureHost.StartAsync(_data.Path);
        var next = await Log.AppendAsync(new DeletionRecord { Cause = "gallery.deleted", GalleryIds = [Guid.NewGuid()] });

        Assert.Equal(3, next.Position);
        Assert.Equal([1L, 2L, 3L], (await Log.ReadAfterAsync(0)).Select(r => r.Position));
    }
}
