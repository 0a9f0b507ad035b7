using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Infrastructure.Auditing;
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

    [Fact]
    public async Task NoticesTheLastLinesCutAndRefusesToReadOrAppend()
    {
        for (var i = 0; i < 3; i++)
            await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        var lines = await File.ReadAllLinesAsync(Log.FilePath);
        // The rest still chains and verifies line by line: only the head outside the file can tell.
        await File.WriteAllLinesAsync(Log.FilePath, lines[..2]);

        var broken = await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
        Assert.Contains("ends at position 2, but its head says it reached position 3: its last lines were removed", broken.Message);
        // Appending would number the next line 3 and sign a new head over the cut, hiding it for good.
        await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.AppendAsync(new DeletionRecord { Cause = "image.deleted" }));
        Assert.Equal(2, (await File.ReadAllLinesAsync(Log.FilePath)).Length);
    }

    [Fact]
    public async Task NoticesALogOfTheSameLengthThatIsNotTheOneItsHeadNamed()
    {
        for (var i = 0; i < 3; i++)
            await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        var other = await File.ReadAllLinesAsync(Log.FilePath);
        File.Delete(Log.FilePath);
        File.Delete(HeadPath);
        for (var i = 0; i < 3; i++)
            await Log.AppendAsync(new DeletionRecord { Cause = "gallery.deleted", GalleryIds = [Guid.NewGuid()] });
        // Another log signed with the same key (an older copy, say), three lines long like the real one.
        await File.WriteAllLinesAsync(Log.FilePath, other);

        var broken = await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
        Assert.Contains("does not hold, at position 3, the line its head recorded", broken.Message);
    }

    [Fact]
    public async Task NoticesTheWholeLogDeleted()
    {
        await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        File.Delete(Log.FilePath);

        var broken = await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
        Assert.Contains("ends at position 0, but its head says it reached position 1: its last lines were removed", broken.Message);
        await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.AppendAsync(new DeletionRecord { Cause = "image.deleted" }));
    }

    [Fact]
    public async Task RefusesAnEditedHead()
    {
        for (var i = 0; i < 3; i++)
            await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        var lines = await File.ReadAllLinesAsync(Log.FilePath);
        await File.WriteAllLinesAsync(Log.FilePath, lines[..2]);
        // The cut covered up by moving the head back (its signature cannot be made again without the key).
        await File.WriteAllTextAsync(HeadPath, (await File.ReadAllTextAsync(HeadPath)).Replace("\"position\":3", "\"position\":2", StringComparison.Ordinal));

        var broken = await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
        Assert.Contains("head", broken.Message);
        Assert.Contains("signature", broken.Message);
    }

    [Fact]
    public async Task RefusesAMissingHeadOnceTheLogWasWrittenWithOne()
    {
        await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });
        File.Delete(HeadPath);

        var broken = await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
        Assert.Contains("is missing", broken.Message);
    }

    [Fact]
    public async Task KeepsTheHeadInStepWithNormalAppendsAndAcrossARestart()
    {
        Assert.False(File.Exists(HeadPath), "an empty log needs no head");
        Assert.Empty(await Log.ReadAfterAsync(0));
        for (var i = 0; i < 3; i++)
            await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted", ImageIds = [Guid.NewGuid()] });

        Assert.Equal(3, JsonDocument.Parse(await File.ReadAllTextAsync(HeadPath)).RootElement.GetProperty("position").GetInt64());
        Assert.Equal(3, (await Log.ReadAfterAsync(0)).Count);
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(HeadPath)!, "*.tmp"));
        await _host.DisposeAsync();
        _host = await InfrastructureHost.StartAsync(_data.Path);
        Assert.Equal(4, (await Log.AppendAsync(new DeletionRecord { Cause = "image.deleted" })).Position);
        Assert.Equal(4, await Log.PositionAsync());
    }

    [Fact]
    public async Task AcceptsALogWrittenBeforeHeadsAndAnchorsIt()
    {
        // Two lines as the version before heads wrote them: no "v", MAC over the previous MAC and the body only.
        var key = _host.Get<AuditKey>().Bytes;
        var previous = "";
        var text = new StringBuilder();
        for (var position = 1; position <= 2; position++)
        {
            var body = JsonSerializer.Serialize(new DeletionRecord { Cause = "image.deleted", Position = position, ImageIds = [Guid.NewGuid()] },
                new JsonSerializerOptions(JsonSerializerDefaults.Web));
            var mac = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(previous + "\n" + body)));
            text.Append($"{{\"record\":{body},\"previous\":\"{previous}\",\"mac\":\"{mac}\"}}\n");
            previous = mac;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Log.FilePath)!);
        await File.WriteAllTextAsync(Log.FilePath, text.ToString());

        Assert.Equal(2, (await Log.ReadAfterAsync(0)).Count);

        Assert.True(File.Exists(HeadPath), "the head is created on the first read");
        await File.WriteAllLinesAsync(Log.FilePath, (await File.ReadAllLinesAsync(Log.FilePath))[..1]);
        await Assert.ThrowsAsync<DeletionLogBrokenException>(() => Log.ReadAfterAsync(0));
    }

    private string HeadPath => Log.FilePath + ".head";
}
