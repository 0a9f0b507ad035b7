using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Persistence;
using M = Portal.Domain.Transparency.TransparencyMeasures;

namespace Portal.Infrastructure.Transparency;

/// <summary>
/// The raw figures, before suppression: counts per quarter, sector and measure, and the hours to each second review.
/// Tables give organisations, cases, probes, candidates, decisions and erasures; the audit log gives the refusals
/// (they are recorded nowhere else). An organisation's sector is read from its row: it is fixed when the organisation
/// applies (<see cref="Organisation.Sector"/>), so it is also the sector it had when each event happened. Enums are stored as text, so each
/// outcome or cause is its own small grouped query rather than a cast the database cannot do.
/// </summary>
internal sealed class TransparencyCounts(PortalDbContext db, IReadOnlyList<Quarter> quarters)
{
    /// <summary>How <c>MoratoriumGate</c> words a refusal of a suspended organisation (the tests go through the gate, so a change shows).</summary>
    internal static readonly string SuspendedRefusal = $"the organisation is {OrganisationLifecycle.Label(OrganisationStatus.Suspended)}, not approved";

    public Dictionary<(int Quarter, Sector Sector, string Measure), int> Counts { get; } = [];
    public Dictionary<(int Quarter, Sector Sector), List<double>> HoursToSecondReview { get; } = [];

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await OrganisationsAsync(cancellationToken);
        await AddAsync(from c in db.Cases join o in db.Organisations on c.OrganisationId equals o.Id
                       select new Stamp { Sector = o.Sector, At = c.CreatedAt }, M.CasesOpened, cancellationToken);
        foreach (var outcome in Enum.GetValues<CaseOutcome>())
            await AddAsync(from c in db.Cases join o in db.Organisations on c.OrganisationId equals o.Id
                           where c.ClosedAt != null && c.Outcome == outcome
                           select new Stamp { Sector = o.Sector, At = c.ClosedAt!.Value }, M.CasesClosed(outcome), cancellationToken);
        await AddAsync(from p in db.Probes join o in db.Organisations on p.OrganisationId equals o.Id
                       where p.SearchedAt != null
                       select new Stamp { Sector = o.Sector, At = p.SearchedAt!.Value }, M.ProbesSearched, cancellationToken);
        await AddAsync(from c in db.Candidates join o in db.Organisations on c.OrganisationId equals o.Id
                       select new Stamp { Sector = o.Sector, At = c.FoundAt }, M.CandidatesProduced, cancellationToken);
        await ReviewsAsync(cancellationToken);
        await AddAsync(from e in db.AuditEntries from o in db.Organisations.Where(o => o.Id == e.OrganisationId)
                       where e.Action == AuditActions.MoratoriumRefused
                       select new Stamp { Sector = o.Sector, At = e.Timestamp }, M.RefusedByMoratorium, cancellationToken);
        await AddAsync(from e in db.AuditEntries from o in db.Organisations.Where(o => o.Id == e.OrganisationId)
                       where e.Action == AuditActions.StandingRefused && e.Details.Contains(SuspendedRefusal)
                       select new Stamp { Sector = o.Sector, At = e.Timestamp }, M.RefusedBySuspension, cancellationToken);
        foreach (var cause in Enum.GetValues<ErasureCause>())
            await AddAsync(from r in db.ErasureRecords join o in db.Organisations on r.OrganisationId equals o.Id
                           where r.CompletedAt != null && r.Cause == cause
                           select new Stamp { Sector = o.Sector, At = r.CompletedAt!.Value }, M.Erased(cause), cancellationToken);
        await LoadReviewTimesAsync(cancellationToken);
    }

    private async Task OrganisationsAsync(CancellationToken cancellationToken)
    {
        // A reinstatement after a suspension is not a new approval.
        await AddAsync(from change in db.OrganisationStatusChanges join o in db.Organisations on change.OrganisationId equals o.Id
                       where change.To == OrganisationStatus.Approved && change.From != OrganisationStatus.Suspended
                       select new Stamp { Sector = o.Sector, At = change.At }, M.Approved, cancellationToken);
        await AddAsync(from change in db.OrganisationStatusChanges join o in db.Organisations on change.OrganisationId equals o.Id
                       where change.To == OrganisationStatus.Suspended
                       select new Stamp { Sector = o.Sector, At = change.At }, M.Suspended, cancellationToken);
        await AddAsync(from change in db.OrganisationStatusChanges join o in db.Organisations on change.OrganisationId equals o.Id
                       where change.To == OrganisationStatus.Rejected
                       select new Stamp { Sector = o.Sector, At = change.At }, M.Rejected, cancellationToken);
    }

    private async Task ReviewsAsync(CancellationToken cancellationToken)
    {
        // Confirmed or rejected for good (by both reviewers, or by an admin settling a dispute), when it was closed.
        foreach (var (state, measure) in new[] { (ReviewState.Confirmed, M.CandidatesConfirmed), (ReviewState.Rejected, M.CandidatesRejected) })
            await AddAsync(from c in db.Candidates join o in db.Organisations on c.OrganisationId equals o.Id
                           where c.ClosedAt != null && c.ReviewState == state
                           select new Stamp { Sector = o.Sector, At = c.ClosedAt!.Value }, measure, cancellationToken);
        // Disputed: the second reviewer's verdict differed from the first's, counted when the second decided.
        await AddAsync(from second in db.ReviewDecisions join o in db.Organisations on second.OrganisationId equals o.Id
                       where second.Stage == ReviewStage.Second && second.Counted
                             && db.ReviewDecisions.Any(first => first.CandidateId == second.CandidateId && first.Stage == ReviewStage.First
                                                                && first.Counted && first.Verdict != second.Verdict)
                       select new Stamp { Sector = o.Sector, At = second.DecidedAt }, M.CandidatesDisputed, cancellationToken);
    }

    private async Task AddAsync(IQueryable<Stamp> stamps, TransparencyMeasure measure, CancellationToken cancellationToken)
    {
        foreach (var row in await QuarterBuckets.CountAsync(stamps, quarters, cancellationToken))
            Counts[(row.Quarter, row.Sector, measure.Key)] = Counts.GetValueOrDefault((row.Quarter, row.Sector, measure.Key)) + row.Count;
    }

    /// <summary>A median needs every value: only the second reviews of the window are read, two instants each.</summary>
    private async Task LoadReviewTimesAsync(CancellationToken cancellationToken)
    {
        var start = quarters[0].Start;
        var end = quarters[^1].End;
        var rows = await (from second in db.ReviewDecisions
                          join c in db.Candidates on second.CandidateId equals c.Id
                          join o in db.Organisations on c.OrganisationId equals o.Id
                          where second.Stage == ReviewStage.Second && second.Counted && second.DecidedAt >= start && second.DecidedAt < end
                          select new { o.Sector, c.FoundAt, second.DecidedAt }).AsNoTracking().ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var index = IndexOf(Quarter.Of(row.DecidedAt));
            if (index < 0)
                continue;
            if (!HoursToSecondReview.TryGetValue((index, row.Sector), out var hours))
                HoursToSecondReview[(index, row.Sector)] = hours = [];
            hours.Add((row.DecidedAt - row.FoundAt).TotalHours);
        }
    }

    private int IndexOf(Quarter quarter)
    {
        for (var i = 0; i < quarters.Count; i++)
            if (quarters[i] == quarter)
                return i;
        return -1;
    }
}
