using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Transparency;
using Portal.Tests.Support;
using M = Portal.Domain.Transparency.TransparencyMeasures;

namespace Portal.Tests.Infrastructure.Transparency;

/// <summary>
/// A completed quarter's published figures never change: they are stored the first time the report is computed after the
/// quarter ends and served from the database ever after, even once retention has deleted the rows and the audit entries
/// they were counted from. Two processes publishing at once store one copy, and the first one's figures are the record.
/// </summary>
public sealed class PublishedQuarterTests : IAsyncLifetime
{
    private const Sector A = Sector.ChildProtectionNonprofit;
    private const Sector B = Sector.LawEnforcement;
    private static readonly Quarter Q1 = new(2026, 1);
    private static readonly Quarter Q2 = new(2026, 2);
    private static readonly Quarter Q3 = new(2026, 3);
    private static readonly DateTimeOffset Now = new(2026, 7, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = null!;
    private TransparencySeed _seed = null!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, configure: services => services.AddSingleton<TimeProvider>(_clock));
        _seed = new TransparencySeed(_host.Services, _clock);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task APublishedQuarterShowsTheSameFiguresAfterItsCasesAreDeletedAndItsAuditEntriesExpire()
    {
        // Q1: six child-protection organisations, one with six cases of two candidates. Q2: five of them confirmed by
        // review (a median is shown), six refusals of the police by a moratorium and one organisation's own threshold change.
        var staff = await ChildOrganisationsWithCasesAsync(6, new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
        var police = await _seed.ApprovedAsync("Metro police", B, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var candidates = await CandidatesAsync();
        for (var i = 0; i < 5; i++)
            await _seed.ReviewAsync(candidates[i], ReviewVerdict.Confirm, ReviewVerdict.Confirm, April.AddHours(i + 1));
        for (var i = 0; i < 6; i++)
            await _seed.AuditAsync(April.AddDays(i + 1), AuditActions.MoratoriumRefused, "door:search page", "blocked", police);
        await _seed.AuditAsync(April.AddDays(20), AuditActions.ThresholdChanged, $"organisation:{staff.OrganisationId}", "own threshold none -> 0.500",
            staff.OrganisationId);
        var before = await ReportAsync(Now);
        Assert.Equal(("6", "12", "5", "6", "< 5"), (Value(before, Q1, A, M.CasesOpened), Value(before, Q1, A, M.CandidatesProduced),
            Value(before, Q2, A, M.CandidatesConfirmed), Value(before, Q2, B, M.RefusedByMoratorium),
            before.OrganisationThresholdChanges.Single(c => c.Quarter == Q2).Value));
        Assert.NotEqual(SmallCount.NoMedian, Value(before, Q2, A, M.MedianHoursToSecondReview));

        await DeleteEveryCaseAsync();
        await ReadAsync(db => db.AuditEntries.Where(e => e.Timestamp < Q3.Start).ExecuteDeleteAsync()); // the oldest entries expire first
        var after = await ReportAsync(Now);

        // Recomputed now, the quarter would read 0: the published copy is what is shown, to the byte.
        var recomputed = await ReadAsync(db => QuarterPublication.ComputeAsync(db, [Q1, Q2], CancellationToken.None));
        Assert.Equal("0", recomputed[0].Figures.Single(f => f.Sector == A && f.Measure == M.CasesOpened).Value);
        Assert.Equal("0", recomputed[1].Figures.Single(f => f.Sector == B && f.Measure == M.RefusedByMoratorium).Value);
        Assert.Equal(before.Figures, after.Figures);
        Assert.Equal(before.OrganisationThresholdChanges, after.OrganisationThresholdChanges);
        Assert.Equal(TransparencyDownloads.Csv(before), TransparencyDownloads.Csv(after));
        Assert.Equal(TransparencyDownloads.Json(before), TransparencyDownloads.Json(after));
    }

    [Fact]
    public async Task ANewlyCompletedQuarterIsStoredAndAuditedOnItsFirstViewAndTheCurrentQuarterNever()
    {
        var report = await ReportAsync(Now);
        Assert.Equal(report.Quarters, await StoredQuartersAsync());
        Assert.Equal(8, await PublishedEntriesAsync());

        // Six cases in 2026 Q3, the quarter running at Now: not published, not stored.
        var july = new DateTimeOffset(2026, 7, 20, 0, 0, 0, TimeSpan.Zero);
        await ChildOrganisationsWithCasesAsync(6, july);
        var sameQuarter = await ReportAsync(Now.AddDays(10));
        Assert.DoesNotContain(Q3, sameQuarter.Quarters);
        Assert.DoesNotContain("2026 Q3", TransparencyDownloads.Csv(sameQuarter));
        Assert.DoesNotContain(Q3, await StoredQuartersAsync());
        Assert.Equal(8, await PublishedEntriesAsync());

        // Once it has ended, its first view publishes it, with one audit entry naming the quarter only.
        var published = await ReportAsync(new DateTimeOffset(2026, 10, 5, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(Q3, published.Quarters[^1]);
        Assert.Equal("6", Value(published, Q3, A, M.CasesOpened));
        Assert.Contains(Q3, await StoredQuartersAsync());
        var entry = await ReadAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TransparencyQuarterPublished && e.Target == "quarter:2026 Q3"));
        Assert.Equal("system", entry.Actor);
        Assert.Null(entry.OrganisationId);

        await DeleteEveryCaseAsync();
        var later = await ReportAsync(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal("6", Value(later, Q3, A, M.CasesOpened));
        Assert.Equal(9, await PublishedEntriesAsync()); // published once, never again
    }

    [Fact]
    public async Task TwoProcessesPublishingTheSameQuartersStoreOneCopyAndTheFirstWriteWins()
    {
        await ChildOrganisationsWithCasesAsync(6, new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero));
        var quarters = Quarter.LastCompleted(Now, TransparencyReports.QuarterCount);
        var publication = _host.Get<QuarterPublication>();
        var contexts = _host.Get<IDbContextFactory<PortalDbContext>>();
        await using var first = await contexts.CreateDbContextAsync();
        await using var second = await contexts.CreateDbContextAsync();

        // Both find the quarters unpublished and compute them; the second sees six more cases, opened in between.
        var firstFigures = await QuarterPublication.ComputeAsync(first, quarters, CancellationToken.None);
        await ChildOrganisationsWithCasesAsync(6, new DateTimeOffset(2026, 2, 11, 0, 0, 0, TimeSpan.Zero));
        var secondFigures = await QuarterPublication.ComputeAsync(second, quarters, CancellationToken.None);
        await publication.StoreFirstAsync(first, firstFigures, Now, CancellationToken.None);
        await publication.StoreFirstAsync(second, secondFigures, Now, CancellationToken.None);

        Assert.Equal(quarters, await StoredQuartersAsync());
        Assert.Equal(8, await PublishedEntriesAsync());
        Assert.Equal("6", Value(await ReportAsync(Now), Q1, A, M.CasesOpened));
    }

    [Fact]
    public async Task TwoProcessesComputingTheFirstReportAtOnceLeaveOneRowPerQuarter()
    {
        await ChildOrganisationsWithCasesAsync(6, new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero));
        // Two report services with caches of their own, as two processes on one database have.
        var processes = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<TransparencyReports>(_host.Services)).ToList();

        var reports = await Task.WhenAll(processes.Select(p => Task.Run(() => p.ComputeAsync(Now))));

        Assert.Equal(reports[0].Quarters, await StoredQuartersAsync());
        Assert.Equal(8, await PublishedEntriesAsync());
        Assert.Equal(TransparencyDownloads.Csv(reports[0]), TransparencyDownloads.Csv(reports[1]));
        Assert.Equal("6", Value(reports[1], Q1, A, M.CasesOpened));
    }

    private static string Value(TransparencyReport report, Quarter quarter, Sector sector, TransparencyMeasure measure) =>
        report.Figure(quarter, sector, measure).Value;

    private Task<TransparencyReport> ReportAsync(DateTimeOffset now) => _host.Get<TransparencyReports>().ComputeAsync(now);

    /// <summary>Six child-protection organisations approved a day before <paramref name="at"/>; the first opens <paramref name="cases"/> searched cases of two candidates then.</summary>
    private async Task<Actor> ChildOrganisationsWithCasesAsync(int cases, DateTimeOffset at)
    {
        var organisations = new List<Guid>();
        for (var i = 0; i < 6; i++)
            organisations.Add(await _seed.ApprovedAsync($"Child org {Guid.NewGuid():N}", A, at.AddDays(-1)));
        var staff = await _seed.StaffAsync(organisations[0], $"staff-{Guid.NewGuid():N}@a.test");
        for (var i = 0; i < cases; i++)
            await _seed.SearchedCaseAsync(staff, $"A-{Guid.NewGuid():N}", 2, at);
        return staff;
    }

    private Task<List<Guid>> CandidatesAsync() => ReadAsync(db => db.Candidates.OrderBy(c => c.FoundAt).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());

    /// <summary>As retention's case expiry does: the decisions first (they restrict the candidates), then the cases with all they hold.</summary>
    private async Task DeleteEveryCaseAsync()
    {
        await ReadAsync(db => db.ReviewDecisions.ExecuteDeleteAsync());
        await ReadAsync(db => db.Candidates.ExecuteDeleteAsync());
        await ReadAsync(db => db.Cases.ExecuteDeleteAsync());
        Assert.Equal(0, await ReadAsync(db => db.Probes.CountAsync()));
    }

    private async Task<List<Quarter>> StoredQuartersAsync() =>
        (await ReadAsync(db => db.PublishedQuarters.Select(p => new { p.Year, p.Number }).ToListAsync()))
        .Select(p => new Quarter(p.Year, p.Number)).Order().ToList();

    private Task<int> PublishedEntriesAsync() => ReadAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.TransparencyQuarterPublished));

    private async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await read(db);
    }
}
