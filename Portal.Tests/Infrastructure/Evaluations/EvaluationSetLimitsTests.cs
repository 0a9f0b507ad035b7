using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Evaluations.EvaluationSetBuilder;

namespace Portal.Tests.Infrastructure.Evaluations;

/// <summary>
/// Sets that would fill the disk or skew the figures: one photo named twice in other case (or spelling), more rows than
/// the entry cap, more inflated bytes in all than the set cap, a disk without room. Each is refused, audited, stores nothing.
/// </summary>
public sealed class EvaluationSetLimitsTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost? _host;

    private async Task<Outcome<Guid>> UploadAsync(byte[] zip, Dictionary<string, string?>? settings = null, IFreeDiskSpace? disk = null)
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true, settings: settings,
            configure: disk is null ? null : services => services.AddSingleton(disk));
        var admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        return await _host.Get<EvaluationUploads>().UploadAsync(admin, "Limits", new MemoryStream(zip), zip.Length);
    }

    [Theory]
    [InlineData("a.jpg", "A.JPG")]
    [InlineData("a.jpg", "./a.jpg")]
    public async Task TwoRowsForOnePhotoAreRefusedSoItsPairsAreNotCountedTwice(string first, string second)
    {
        var refused = await UploadAsync(Zip($"file,identity\n{first},x\n{second},y\n", [("a.jpg", [1, 2, 3])]));
        await AssertRefusedAsync(refused, "twice");
    }

    [Fact]
    public async Task TwoEntriesDifferingOnlyByCaseAreRefused()
    {
        var refused = await UploadAsync(Zip("file,identity\na.jpg,x\n", [("a.jpg", [1, 2, 3]), ("A.JPG", [4, 5, 6])]));
        await AssertRefusedAsync(refused, "holds A.JPG twice");
    }

    [Fact]
    public async Task RowsBeyondTheEntryCapAreRefused()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 5).Select(i => $"p{i}.jpg,x"));
        var refused = await UploadAsync(Zip($"file,identity\n{rows}\n", [("p0.jpg", [1])]),
            new() { ["Portal:Evaluations:MaxEntries"] = "3" });
        await AssertRefusedAsync(refused, "labels.csv has 5 rows; at most 3 photos are taken");
    }

    [Fact]
    public async Task MoreGroupColumnsThanTheCapAreRefusedBeforeTheirPairsCanFillTheMemory()
    {
        var columns = string.Join(",", Enumerable.Range(0, LabelsCsv.MaxGroupColumns + 1).Select(i => $"g{i}"));
        var values = string.Join(",", Enumerable.Range(0, LabelsCsv.MaxGroupColumns + 1).Select(_ => "same"));
        var refused = await UploadAsync(Zip($"file,identity,{columns}\na.jpg,x,{values}\n", [("a.jpg", [1, 2, 3])]));
        await AssertRefusedAsync(refused, $"7 group columns; at most {LabelsCsv.MaxGroupColumns}");
    }

    [Fact]
    public async Task AGroupColumnWithAValuePerPhotoIsRefused()
    {
        var count = LabelsCsv.MaxValuesPerColumn + 1;
        var rows = string.Join("\n", Enumerable.Range(0, count).Select(i => $"p{i}.jpg,x,{i}"));
        var refused = await UploadAsync(Zip($"file,identity,badge\n{rows}\n", Enumerable.Range(0, count).Select(i => ($"p{i}.jpg", new byte[] { 1 }))));
        await AssertRefusedAsync(refused, "The column 'badge' has more than 50 different values");
    }

    [Fact]
    public async Task ASetOverTheTotalInflatedCapIsRefusedThoughEachEntryIsUnderItsOwn()
    {
        // Three entries of 600 kB of zeros: each far under the 15 MB entry cap, 1.8 MB in all over a 1 MB set cap.
        var entries = Enumerable.Range(0, 3).Select(i => ($"p{i}.jpg", new byte[600_000])).ToList();
        var refused = await UploadAsync(Zip("file,identity\n" + string.Join("\n", entries.Select(e => $"{e.Item1},x")) + "\n", entries),
            new() { ["Portal:Evaluations:MaxSetMegabytes"] = "1" });
        await AssertRefusedAsync(refused, "The set inflates to more than 1 MB in all");
    }

    [Fact]
    public async Task ASetIsRefusedWhenTheDataDiskLacksRoomForItAndTheReserve()
    {
        // A reserve of 95 TB: no test machine's disk has it free.
        var refused = await UploadAsync(Zip("file,identity\na.jpg,x\n", [("a.jpg", [1, 2, 3])]),
            new() { ["Portal:Evaluations:MinFreeDiskMegabytes"] = "100000000" });
        await AssertRefusedAsync(refused, "too little free space");
        Assert.DoesNotContain(_data.Path, refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASetIsRefusedWhenTheDiskRunsShortWhileItIsUnpackedWhateverTheEntriesDeclared()
    {
        // Room enough when asked before unpacking; then the disk fills (another writer, or entries larger than declared).
        var disk = new ShrinkingDisk();
        var photo = new byte[(int)(DiskRoom.RecheckEvery + 1024 * 1024)];
        var refused = await UploadAsync(Zip("file,identity\na.jpg,x\n", [("a.jpg", photo)]), disk: disk);

        await AssertRefusedAsync(refused, "ran short of space while the set was unpacked");
        Assert.DoesNotContain(_data.Path, refused.Error, StringComparison.Ordinal);
        Assert.True(disk.Asked >= 2, "the free space was asked only before unpacking");
        await using var db = await _host!.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal("data disk too full while unpacking",
            await db.AuditEntries.Where(e => e.Action == AuditActions.EvaluationRefused).Select(e => e.Details).SingleAsync());
    }

    /// <summary>Reports a roomy disk the first time it is asked and a full one after.</summary>
    private sealed class ShrinkingDisk : IFreeDiskSpace
    {
        public int Asked { get; private set; }

        public long AvailableBytes(string folder) => Asked++ == 0 ? long.MaxValue / 2 : 0;
    }

    private async Task AssertRefusedAsync(Outcome<Guid> refused, string expected)
    {
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains(expected, refused.Error, StringComparison.Ordinal);
        await using var db = await _host!.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(0, await db.EvaluationRuns.CountAsync());
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.EvaluationRefused));
        var root = _host.Get<EvaluationFolders>().Root;
        Assert.False(Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        _data.Dispose();
    }
}
