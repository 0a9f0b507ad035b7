using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
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
    public async Task ANonAdminIsRefused()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var refused = await UploadAsync(Zip("file,identity\n", []), staff);
        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.Equal(OutcomeKind.Forbidden, (await _host.Get<EvaluationQueries>().ListAsync(staff)).Kind);
        Assert.Equal(0, await ReadAsync(db => db.EvaluationRuns.CountAsync()));
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
