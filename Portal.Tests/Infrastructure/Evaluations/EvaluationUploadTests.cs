using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Domain.Faces;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Evaluations.EvaluationSetBuilder;

namespace Portal.Tests.Infrastructure.Evaluations;

/// <summary>Uploads the portal refuses: unsafe names, a zip bomb, missing files, a non-admin. Each stores nothing and is audited.</summary>
public sealed class EvaluationUploadTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = null!;
    private Actor _admin = null!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private Task<Outcome<Guid>> UploadAsync(byte[] zip, Actor? actor = null) =>
        _host.Get<EvaluationUploads>().UploadAsync(actor ?? _admin, "Shared faces", new MemoryStream(zip), zip.Length);

    private string EvaluationsFolder => _host.Get<EvaluationFolders>().Root;

    private async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    private Task<int> RefusalsAsync() => ReadAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.EvaluationRefused));

    [Theory]
    [InlineData("../evil.jpg", "not a plain relative path")]
    [InlineData("/etc/evil.jpg", "not a plain relative path")]
    public async Task AnEntryNamedOutsideTheSetIsRefusedAndNothingStored(string name, string expected)
    {
        var zip = Zip($"file,identity\nok.jpg,a\n", [("ok.jpg", [1, 2, 3]), (name, [1, 2, 3])]);
        var refused = await UploadAsync(zip);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains(expected, refused.Error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task AZipBombIsStoppedAtTheRealInflatedSize()
    {
        // 40 MB of zeros deflates to a few kB: the cap (15 MB) must be met while reading, whatever the header says.
        var zip = Zip("file,identity\nbomb.jpg,a\n", [("bomb.jpg", new byte[40 * 1024 * 1024])]);
        Assert.True(zip.Length < 1024 * 1024);
        var refused = await UploadAsync(zip);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("inflates to more than 15 MB", refused.Error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task CsvRowsNamingMissingFilesAreReported()
    {
        var zip = Zip("file,identity\nhere.jpg,a\ngone.jpg,b\n", [("here.jpg", [1, 2, 3])]);
        var refused = await UploadAsync(zip);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Contains("1 row of labels.csv names a file not in the zip: gone.jpg", refused.Error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ANonAdminIsRefusedWithAMessageAndTheRefusalIsAudited()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var refused = await UploadAsync(Zip("file,identity\n", []), staff);
        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.False(string.IsNullOrWhiteSpace(refused.Error));
        Assert.Equal(OutcomeKind.Forbidden, (await _host.Get<EvaluationQueries>().ListAsync(staff)).Kind);
        Assert.Equal(0, await ReadAsync(db => db.EvaluationRuns.CountAsync()));
        Assert.Equal("not a platform admin", await RefusalDetailsAsync());
    }

    [Fact]
    public async Task ADiskErrorWhileSavingIsAPlainRefusalAuditedWithoutAPathNotAnException()
    {
        var zip = Zip("file,identity\na.jpg,x\n", [("a.jpg", new byte[200_000])]);
        var refused = await _host.Get<EvaluationUploads>().UploadAsync(_admin, "Shared faces", new FailingStream(zip), zip.Length);
        Assert.Equal(OutcomeKind.Invalid, refused.Kind);
        Assert.Equal(EvaluationUploads.DiskProblem, refused.Error);
        await AssertNothingStoredAsync();
        var details = await RefusalDetailsAsync();
        Assert.Equal("disk error while saving", details);
        Assert.DoesNotContain(_data.Path, refused.Error + details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APhotoMissingFromTheSetIsCountedWithAReasonThatNamesNoPath()
    {
        using var photos = new UploadedPhotos(_host.Get<IFaceAnalyzer>(), _host.Get<SafeImageReader>(), Path.Combine(_data.Path, "work"));
        var reading = await photos.ReadAsync(Path.Combine(_data.Path, "set"), "people/gone.jpg");
        Assert.Equal(UploadedPhotos.MissingPhoto, reading.Refusal);
        Assert.DoesNotContain("/", reading.Refusal, StringComparison.Ordinal);
    }

    private Task<string> RefusalDetailsAsync() =>
        ReadAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.EvaluationRefused).Select(e => e.Details).SingleAsync());

    /// <summary>An upload whose disk (or connection) fails part-way: the stream throws an IOException naming a server path.</summary>
    private sealed class FailingStream(byte[] content) : MemoryStream(content)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position > 0 ? throw new IOException("No space left on device : '/srv/portal/data/evaluations/upload.zip'") : base.ReadAsync(buffer, cancellationToken);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Equal(0, await ReadAsync(db => db.EvaluationRuns.CountAsync()));
        Assert.Equal(0, await ReadAsync(db => db.Jobs.CountAsync(j => j.Kind == JobKind.Evaluate)));
        Assert.Equal(1, await RefusalsAsync());
        Assert.False(Directory.Exists(EvaluationsFolder) && Directory.EnumerateFileSystemEntries(EvaluationsFolder).Any());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
