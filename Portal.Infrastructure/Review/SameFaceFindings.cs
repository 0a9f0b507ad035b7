using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Review;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Review;

/// <summary>
/// One gallery face can be found several times in a case: once per probe photo that shows the person, and once per person
/// template. Each finding stays its own candidate and its own two-person decision (another photo may show someone else);
/// this only tells the reviewer about the others, from the candidates they may see (<see cref="ReviewQueries.Visible"/>).
/// </summary>
internal static class SameFaceFindings
{
    /// <summary>For each of <paramref name="candidateIds"/>, how many other findings of its gallery face its case has.</summary>
    public static async Task<IReadOnlyDictionary<Guid, AlsoFound>> CountsAsync(PortalDbContext db, Guid organisationId, IReadOnlyCollection<Guid> candidateIds,
        CancellationToken cancellationToken)
    {
        var ids = candidateIds.ToList();
        var visible = ReviewQueries.Visible(db, organisationId);
        var rows = await (from candidate in db.Candidates
                          where ids.Contains(candidate.Id)
                          select new
                          {
                              candidate.Id,
                              ProbeFaces = visible.Count(o => o.CaseId == candidate.CaseId && o.FaceId == candidate.FaceId && o.Id != candidate.Id && o.TemplateId == null),
                              Templates = visible.Count(o => o.CaseId == candidate.CaseId && o.FaceId == candidate.FaceId && o.Id != candidate.Id && o.TemplateId != null),
                          })
            .ToListAsync(cancellationToken);
        return rows.Where(r => r.ProbeFaces + r.Templates > 0).ToDictionary(r => r.Id, r => new AlsoFound(r.ProbeFaces, r.Templates));
    }

    /// <summary>
    /// The other findings of <paramref name="candidate"/>'s gallery face in its case, in the queue's order. How a closed one
    /// ended is left out while this reviewer may still decide <paramref name="candidate"/> (see <see cref="OutcomesShownAsync"/>).
    /// </summary>
    public static async Task<IReadOnlyList<SameFaceFinding>> ListAsync(PortalDbContext db, Guid organisationId, string reviewerId, Candidate candidate,
        CancellationToken cancellationToken)
    {
        var rows = await (from other in ReviewQueries.Visible(db, organisationId)
                          where other.CaseId == candidate.CaseId && other.FaceId == candidate.FaceId && other.Id != candidate.Id
                          join probe in db.Probes on other.ProbeId equals probe.Id
                          join face in db.ProbeFaces on other.ProbeFaceId equals face.Id
                          orderby other.FoundAt, other.ProbeFaceId, other.Rank
                          select new
                          {
                              other.Id, ProbeName = probe.DisplayName, face.Ordinal, other.Rank, other.Similarity, other.Band, other.ReviewState,
                              YouLooked = db.ReviewDecisions.Any(d => d.CandidateId == other.Id && d.ReviewerId == reviewerId),
                          }).AsNoTracking().ToListAsync(cancellationToken);
        var templates = await Cases.PersonTemplateQueries.TemplatesOfAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
        var outcomesShown = await OutcomesShownAsync(db, reviewerId, candidate, cancellationToken);
        return rows.Select(r => new SameFaceFinding(r.Id, r.ProbeName, r.Ordinal, r.Rank, r.Similarity, r.Band, Shown(r.ReviewState, outcomesShown),
            r.YouLooked, templates.GetValueOrDefault(r.Id))).ToList();
    }

    /// <summary>
    /// Whether this reviewer may be told how the other findings ended. Not while <paramref name="candidate"/> is open and they
    /// have recorded nothing on it: they may yet decide it, maybe as its blind second reviewer, and "the same gallery face was
    /// confirmed from another photo" would tell them nearly what a first verdict would. Any decision of theirs on it (an
    /// inconclusive look too) ends that: the rule never lets them decide it again.
    /// </summary>
    private static async Task<bool> OutcomesShownAsync(PortalDbContext db, string reviewerId, Candidate candidate, CancellationToken cancellationToken) =>
        !await StillToDecide(db, reviewerId, db.Candidates.Where(c => c.Id == candidate.Id)).AnyAsync(cancellationToken);

    /// <summary>
    /// Of <paramref name="candidates"/>, those this reviewer may yet decide: open, and nothing of theirs recorded on it (see
    /// <see cref="OutcomesShownAsync"/>). Whether they submitted its case is the caller's to ask: such a one never reviews it.
    /// </summary>
    private static IQueryable<Candidate> StillToDecide(PortalDbContext db, string reviewerId, IQueryable<Candidate> candidates) =>
        candidates.Where(c => (c.ReviewState == ReviewState.Pending || c.ReviewState == ReviewState.PendingSecondReview)
                              && !db.ReviewDecisions.Any(d => d.CandidateId == c.Id && d.ReviewerId == reviewerId));

    /// <summary>
    /// The rule of the review screen, applied to the pages of a case (its results, its templates, its lead export): the gallery
    /// faces of which <paramref name="viewer"/> may yet decide a finding of this case. While they may, the pages tell them no
    /// finding of that face's outcome and no open one's first decision, not even whether there was one
    /// (<see cref="Shown"/> with outcomes withheld); once they have decided every finding of it, everything shows.
    /// Empty for a viewer who never reviews this case: not a reviewer of its organisation (staff only), or its submitter.
    /// A finding withheld or in the trash counts too: it comes back to the queue on reinstatement or restore, still undecided.
    /// </summary>
    internal static async Task<IReadOnlySet<Guid>> FacesStillToDecideAsync(PortalDbContext db, ReviewerCheck reviewers, Actor viewer, Guid caseId,
        CancellationToken cancellationToken)
    {
        var searchCase = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.OrganisationId, c.CreatedBy })
            .FirstOrDefaultAsync(cancellationToken);
        if (searchCase is null || searchCase.CreatedBy == viewer.UserId
            || await reviewers.OrganisationOfReviewerAsync(viewer, cancellationToken) != searchCase.OrganisationId)
            return new HashSet<Guid>();
        // Only the organisation's own candidates are theirs to review; a gallery face deleted for good is reviewed no more
        // (the queue needs it), so it withholds nothing.
        return (await StillToDecide(db, viewer.UserId, db.Candidates.Where(c => c.CaseId == caseId && c.OrganisationId == searchCase.OrganisationId))
            .Where(c => db.Faces.Any(f => f.Id == c.FaceId))
            .Select(c => c.FaceId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
    }

    /// <summary>
    /// An open finding reads as awaiting review whether or not a first reviewer has decided it: the reviewer may yet be its
    /// second, who decides blind. A closed one shows how it ended only when <paramref name="outcomesShown"/>, otherwise null
    /// (decided, outcome withheld); it is shown, never applied to this candidate.
    /// </summary>
    internal static ReviewState? Shown(ReviewState state, bool outcomesShown) =>
        TwoPersonRule.IsOpen(state) ? ReviewState.Pending
        : outcomesShown ? state
        : null;
}
