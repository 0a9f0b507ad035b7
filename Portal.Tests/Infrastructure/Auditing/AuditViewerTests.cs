using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>
/// The audit viewer's queries over ten thousand entries: every filter and page is compared with the same filter
/// applied in memory to every row, so the database query cannot drift from what the filter means.
/// (How fast they answer is the audit benchmark's job, not a test's.)
/// </summary>
public sealed class AuditViewerTests : IAsyncLifetime
{
    private static readonly Actor Admin = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    private static readonly DateTimeOffset End = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private List<AuditEntry> _all = [];

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        await AuditFiller.AppendAsync(Factory, _host.Get<AuditKey>().Bytes, 10_000, End);
        await using var db = await Factory.CreateDbContextAsync();
        _all = await db.AuditEntries.AsNoTracking().ToListAsync();
    }

    private IDbContextFactory<PortalDbContext> Factory => _host.Get<IDbContextFactory<PortalDbContext>>();
    private AuditQueries Audit => _host.Get<AuditQueries>();

    public static TheoryData<string> Filters => ["none", "actor", "organisation", "action", "dates", "combined", "wildcard"];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task EachFilterFindsExactlyTheEntriesItDescribesNewestFirst(string name)
    {
        var organisation = _all.Single(e => e.Details == "filler entry 0").OrganisationId;
        var (from, to) = (End.AddDays(-60), End.AddDays(-30));
        var filter = name switch
        {
            "actor" => new AuditFilter(Actor: "ACTOR07"),
            "organisation" => new AuditFilter(OrganisationId: organisation),
            "action" => new AuditFilter(Action: AuditActions.ReviewDecided),
            "dates" => new AuditFilter(From: from, To: to),
            "combined" => new AuditFilter("actor0", organisation, AuditActions.SignIn, from, to),
            "wildcard" => new AuditFilter(Actor: "%_"),
            _ => new AuditFilter(),
        };
        var expected = _all.Where(e => Matches(e, filter)).OrderByDescending(e => e.Sequence).Select(e => e.Sequence).ToList();

        var first = (await Audit.PageAsync(Admin, filter, 0, 50)).Value!;
        var deep = (await Audit.PageAsync(Admin, filter, Math.Max(0, expected.Count - 30), 50)).Value!;

        Assert.Equal(expected.Count, first.Total);
        Assert.Equal(expected.Take(50), first.Rows.Select(r => r.Sequence));
        Assert.Equal(expected.Skip(Math.Max(0, expected.Count - 30)), deep.Rows.Select(r => r.Sequence));
        if (name != "wildcard")
            Assert.InRange(expected.Count, 20, _all.Count); // a filter that matched nothing would prove nothing
        else
            Assert.Empty(expected); // LIKE's own wildcards are matched literally
    }

    [Fact]
    public async Task TheOrganisationNameIsShownBesideEachEntry()
    {
        var withOrganisation = (await Audit.PageAsync(Admin, new AuditFilter(Actor: "actor00"), 0, 20)).Value!.Rows.First(r => r.OrganisationId is not null);

        Assert.False(string.IsNullOrEmpty(withOrganisation.Organisation));
    }

    [Fact]
    public async Task TheFilteredExportHoldsTheSameEntriesOldestFirstAndIsAudited()
    {
        var filter = new AuditFilter(Action: AuditActions.LeadsExported, From: End.AddDays(-10));
        var expected = _all.Where(e => Matches(e, filter)).OrderBy(e => e.Sequence).Select(e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        using var output = new StringWriter();

        var count = (await Audit.ExportCsvAsync(Admin, filter, output)).Value;

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Count, count);
        Assert.Equal(expected, lines.Skip(1).Select(l => l.Split(',')[0]));
        await using var db = await Factory.CreateDbContextAsync();
        var entry = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal((AuditActions.AuditExported, await AuditActorKeys.OfAsync(db, TestAccounts.AdminEmail)), (entry.Action, entry.Actor));
        Assert.StartsWith($"{count} entries exported as CSV; filter: action {AuditActions.LeadsExported}; from ", entry.Details);
    }

    [Fact]
    public async Task VerifyingReportsTheIntactChainAndThenTheFirstAlteredEntry()
    {
        var intact = (await Audit.VerifyAsync(Admin)).Value!;
        var victim = _all.Single(e => e.Details == "filler entry 5000").Sequence;
        await using (var db = await Factory.CreateDbContextAsync())
            await db.Database.ExecuteSqlAsync($"UPDATE \"AuditEntries\" SET \"Details\" = 'nothing happened here' WHERE \"Sequence\" = {victim}");
        var broken = (await Audit.VerifyAsync(Admin)).Value!;

        Assert.True(intact.IsIntact);
        Assert.Equal(_all.Count, intact.RowsChecked);
        Assert.Equal((false, victim, "its content does not match its keyed hash (altered, or rehashed without the key)"), (broken.IsIntact, broken.BrokenSequence, broken.Reason));
        await using var after = await Factory.CreateDbContextAsync();
        var verifications = await after.AuditEntries.Where(e => e.Action == AuditActions.AuditVerified).OrderBy(e => e.Sequence).Select(e => e.Details).ToListAsync();
        Assert.Equal([$"chain intact: {_all.Count} entries checked", $"chain broken at sequence {victim}: its content does not match its keyed hash (altered, or rehashed without the key)"], verifications);
    }

    private static bool Matches(AuditEntry entry, AuditFilter filter) =>
        (filter.Actor is null || entry.Actor.Contains(filter.Actor, StringComparison.OrdinalIgnoreCase))
        && (filter.OrganisationId is null || entry.OrganisationId == filter.OrganisationId)
        && (filter.Action is null || entry.Action == filter.Action)
        && (filter.From is null || entry.Timestamp >= filter.From)
        && (filter.To is null || entry.Timestamp < filter.To);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
