using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Review;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Review;

/// <summary>
/// What is shown of reviews outside the review screen: to the case's staff (a candidate's standing; the
/// decisions once it is closed, so a colleague who also reviews is never shown a first verdict), and to
/// platform admins (disputed candidates with both decisions).
/// </summary>
public sealed class ReviewRecords(IDbContextFactory<PortalDbContext> contextFactory, IAuditLog auditLog)
{
    /// <summary>
    /// The review standing of candidates as their case's staff see it: the state, and the decisions only once the candidate
    /// is closed, so no one is shown a first verdict. To a colleague who may yet decide a finding of the same gallery face
    /// (<paramref name="facesStillToDecide"/>, from <see cref="SameFaceFindings.FacesStillToDecideAsync"/>), the review screen's
    /// rule: an open one reads as awaiting review, a closed one as decided with its outcome and decisions left out.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<Guid, CandidateReview>> StandingAsync(PortalDbContext db, IReadOnlyCollection<Candidate> candidates,
        IReadOnlySet<Guid> facesStillToDecide, CancellationToken cancellationToken)
    {
        var shown = candidates.ToDictionary(c => c.Id, c => facesStillToDecide.Contains(c.FaceId)
            ? SameFaceFindings.Shown(c.ReviewState, outcomesShown: false)
            : c.ReviewState);
        var closed = shown.Where(s => s.Value is { } state && TwoPersonRule.IsFinal(state)).Select(s => s.Key).ToList();
        var decisions = await DecisionsAsync(db, closed, cancellationToken);
        return shown.ToDictionary(s => s.Key, s => new CandidateReview(s.Value, decisions.GetValueOrDefault(s.Key, [])));
    }

    /// <summary>
    /// Disputed candidates of every organisation, with both decisions. Opening the list is audited. Anyone but a
    /// platform admin is refused as forbidden, not shown an empty list that would read as "nothing disputed".
    /// </summary>
    public async Task<Outcome<IReadOnlyList<DisputedCandidate>>> DisputedAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "see disputed candidates") is { } refusal)
            return Outcome<IReadOnlyList<DisputedCandidate>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await (from candidate in db.Candidates
                          where candidate.ReviewState == ReviewState.Disputed
                          join organisation in db.Organisations on candidate.OrganisationId equals organisation.Id
                          join searchCase in db.Cases on candidate.CaseId equals searchCase.Id
                          join probe in db.Probes on candidate.ProbeId equals probe.Id
                          join face in db.ProbeFaces on candidate.ProbeFaceId equals face.Id
                          from gallery in db.Galleries.Where(g => g.Id == candidate.GalleryId).DefaultIfEmpty()
                          from image in db.GalleryImages.Where(i => i.Id == candidate.ImageId).DefaultIfEmpty()
                          orderby candidate.FoundAt
                          select new { candidate.Id, searchCase.CreatedBy, Organisation = organisation.Name, searchCase.Reference, searchCase.Purpose, ProbeName = probe.DisplayName,
                              face.Ordinal, candidate.Similarity, candidate.Band, searchCase.Threshold, GalleryName = gallery == null ? null : gallery.Name,
                              ImageName = image == null ? null : image.DisplayName }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var decisions = await DecisionsAsync(db, ids, cancellationToken);
        var raw = (await db.ReviewDecisions.AsNoTracking().Where(d => ids.Contains(d.CandidateId)).ToListAsync(cancellationToken)).ToLookup(d => d.CandidateId);
        if (rows.Count > 0)
            await auditLog.RecordAsync(admin.Name, AuditActions.DisputesViewed, "review:disputes",
                $"{rows.Count} disputed candidate(s) shown with their decisions", cancellationToken: cancellationToken);
        return Outcome<IReadOnlyList<DisputedCandidate>>.Ok(rows.Select(r => new DisputedCandidate(r.Id, r.Organisation, r.Reference, r.Purpose, r.ProbeName, r.Ordinal, r.Similarity, r.Band,
            r.Threshold, r.GalleryName ?? "(deleted gallery)", r.ImageName ?? "(deleted photo)", decisions.GetValueOrDefault(r.Id, []),
            TwoPersonRule.SettleConflict(raw[r.Id].ToList(), admin.UserId, r.CreatedBy == admin.UserId))).ToList());
    }

    /// <summary>How many candidates are disputed, across every organisation; zero for anyone but a platform admin.</summary>
    public async Task<int> DisputedCountAsync(Actor admin, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "see disputed candidates") is not null)
            return 0;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Candidates.CountAsync(c => c.ReviewState == ReviewState.Disputed, cancellationToken);
    }

    internal static async Task<Dictionary<Guid, IReadOnlyList<DecisionView>>> DecisionsAsync(PortalDbContext db, List<Guid> candidateIds,
        CancellationToken cancellationToken)
    {
        // People are shown by the name they chose when they joined; the decision row keeps the sign-in name for the record.
        var rows = await (from decision in db.ReviewDecisions.AsNoTracking().Where(d => candidateIds.Contains(d.CandidateId))
                          from reviewer in db.Users.Where(u => u.Id == decision.ReviewerId).DefaultIfEmpty()
                          select new { Decision = decision, Name = reviewer == null ? null : reviewer.DisplayName }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Decision.CandidateId).ToDictionary(g => g.Key, g => (IReadOnlyList<DecisionView>)g.OrderBy(r => r.Decision.DecidedAt)
            .Select(r => new DecisionView(string.IsNullOrWhiteSpace(r.Name) ? r.Decision.ReviewerName : r.Name,
                r.Decision.Verdict, r.Decision.Stage, r.Decision.Counted, r.Decision.Note, r.Decision.DecidedAt)).ToList());
    }
}
