using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Retention;
using Portal.Infrastructure.Backup;
using Portal.Infrastructure.Retention;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Backup;

/// <summary>Backups expire after the retention schedule's "Backups" period (35 days as seeded), by the time in their manifest.</summary>
public sealed class BackupExpiryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private BackupBed _bed = null!;

    public async Task InitializeAsync() => _bed = await BackupBed.StartAsync(services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task DeletesABackupOnlyOnceItIsOlderThanTheSchedulesBackupPeriodAndKeepsFoldersThatAreNoBackups()
    {
        await _bed.PhotosAsync("Gallery", 1);
        var first = await _bed.BackUpAsync();
        _clock.Advance(TimeSpan.FromDays(20));
        var second = await _bed.BackUpAsync();
        var other = Directory.CreateDirectory(Path.Combine(_bed.Backups.Path, "not-a-backup")).FullName;
        var expiry = _bed.Host.Get<BackupExpiry>();

        _clock.SetUtcNow(Start + TimeSpan.FromDays(35));
        Assert.Empty(await expiry.ExpireAsync(_bed.Backups.Path));

        _clock.SetUtcNow(Start + TimeSpan.FromDays(35) + TimeSpan.FromSeconds(1));
        Assert.Equal([first.Folder], await expiry.ExpireAsync(_bed.Backups.Path));
        Assert.False(Directory.Exists(first.Folder));
        Assert.True(Directory.Exists(second.Folder));

        _clock.Advance(TimeSpan.FromDays(20));
        Assert.Equal([second.Folder], await expiry.ExpireAsync(_bed.Backups.Path));
        Assert.True(Directory.Exists(other), "a folder without a manifest is not a backup and is left alone");
    }

    [Fact]
    public async Task AShorterBackupPeriodPublishedByAnAdminExpiresBackupsSooner()
    {
        await _bed.PhotosAsync("Gallery", 1);
        var backup = await _bed.BackUpAsync();
        var admin = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.AdminEmail);
        var edited = await _bed.Host.Get<RetentionSchedule>().EditAsync(admin, DataKind.Backups, 7, "Backups hold children's photos: a week is enough to recover");
        Assert.True(edited.Succeeded, edited.Error);

        _clock.SetUtcNow(Start + TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        Assert.Equal([backup.Folder], await _bed.Host.Get<BackupExpiry>().ExpireAsync(_bed.Backups.Path));
    }
}
