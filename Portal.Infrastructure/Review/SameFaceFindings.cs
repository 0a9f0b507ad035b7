using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
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

    /// <summary>The other findings of <paramref name="candidate"/>'s gallery face in its case, in the queue's order.</summary>
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
        return rows.Select(r => new SameFaceFinding(r.Id, r.ProbeName, r.Ordinal, r.Rank, r.Similarity, r.Band, Shown(r.ReviewState), r.YouLooked,
            templates.GetValueOrDefault(r.Id))).ToList();
    }

    /// <summary>
    /// An open finding reads as awaiting review whether or not a first reviewer has decided it: the reviewer may yet be its
    /// second, who decides blind. A closed one shows how it ended; it is shown, never applied to this candidate.
    /// </summary>
    internal static ReviewState Shown(ReviewState state) => TwoPersonRule.IsOpen(state) ? ReviewState.Pending : state;
}
