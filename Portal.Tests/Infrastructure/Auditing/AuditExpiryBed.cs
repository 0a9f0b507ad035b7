using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>
/// A host on a fake clock for the audit expiry: entries written at <see cref="Start"/> (start-up's and a first group),
/// a second group two years later, and the database's rows read and tampered with directly.
/// </summary>
internal sealed class AuditExpiryBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan SevenYears = TimeSpan.FromDays(2555);
    public static readonly TimeSpan TwoYears = TimeSpan.FromDays(730);

    private readonly TempDirectory _data = new();

    private AuditExpiryBed(FakeTimeProvider clock) => Clock = clock;

    public FakeTimeProvider Clock { get; }

    public InfrastructureHost Host { get; private set; } = null!;

    public AuditExpiry Expiry => Host.Get<AuditExpiry>();

    public IAuditLog Log => Host.Get<IAuditLog>();

    public static async Task<AuditExpiryBed> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var bed = new AuditExpiryBed(new FakeTimeProvider(Start));
        bed.Host = await InfrastructureHost.StartAsync(bed._data.Path,
            configure: services => services.AddSingleton<TimeProvider>(bed.Clock), settings: settings);
        return bed;
    }

    /// <summary>Writes <paramref name="count"/> entries at the clock's time; returns them.</summary>
    public async Task<List<AuditEntry>> WriteAsync(string group, int count)
    {
        for (var i = 0; i < count; i++)
            await Log.RecordAsync("tester", "test.write", $"{group}:{i}", $"entry {i} of group {group}");
        return (await EntriesAsync()).Where(e => e.Target.StartsWith(group + ":", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Start-up's entries and five more at <see cref="Start"/>, three at two years; the clock ends a day past seven years.</summary>
    public async Task<(List<AuditEntry> Old, List<AuditEntry> Young)> TwoGroupsAsync()
    {
        await WriteAsync("old", 5);
        var old = await EntriesAsync();
        Clock.SetUtcNow(Start + TwoYears);
        var young = await WriteAsync("young", 3);
        Clock.SetUtcNow(Start + SevenYears + TimeSpan.FromDays(1));
        return (old, young);
    }

    public async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var db = await Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    public async Task<List<AuditAnchor>> AnchorsAsync()
    {
        await using var db = await Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return (await db.AuditAnchors.AsNoTracking().ToListAsync()).OrderBy(a => a.Sequence).ToList();
    }

    public async Task ExecuteAsync(FormattableString sql)
    {
        await using var db = await Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlInterpolatedAsync(sql);
    }

    /// <summary>Recomputes every hash, from the first entry left, under <paramref name="key"/> (null: the plain rule before keys).</summary>
    public async Task ResealAsync(byte[]? key, string previous)
    {
        foreach (var entry in await EntriesAsync())
        {
            var hash = AuditChain.ComputeHash(key, entry.Sequence, entry.Timestamp, entry.Actor, entry.Action, entry.Target,
                entry.Details, entry.OrganisationId, previous);
            await ExecuteAsync($"UPDATE \"AuditEntries\" SET \"PreviousHash\" = {previous}, \"Hash\" = {hash} WHERE \"Sequence\" = {entry.Sequence}");
            previous = hash;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }
}
