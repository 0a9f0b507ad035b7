using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Review;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Review;

/// <summary>
/// A reviewer's queue: open candidates of their own organisation, oldest first, leaving out candidates of cases
/// they submitted, candidates they have already looked at, candidates whose gallery photo was deleted
/// (there is nothing left to compare), and candidates from a gallery whose owner is suspended (withheld until reinstated).
/// A gallery face found several times in one case keeps its findings together in the queue, each its own decision.
/// </summary>
public sealed class ReviewQueries(IDbContextFactory<PortalDbContext> contextFactory, ReviewerCheck reviewers)
{
    public async Task<ReviewQueuePage> PageAsync(Actor actor, ReviewQueueFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        if (await reviewers.OrganisationOfReviewerAsync(actor, cancellationToken) is not { } organisationId)
            return new ReviewQueuePage([], 0);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var open = Open(db, actor.UserId, organisationId, filter);
        var total = await open.CountAsync(cancellationToken);
        var page = await Ordered(db, organisationId, open).Skip(skip).Take(take).Select(c => c.Id).ToListAsync(cancellationToken);
        var rows = await (from candidate in db.Candidates
                          where page.Contains(candidate.Id)
                          join searchCase in db.Cases on candidate.CaseId equals searchCase.Id
                          join probe in db.Probes on candidate.ProbeId equals probe.Id
                          join face in db.ProbeFaces on candidate.ProbeFaceId equals face.Id
                          from gallery in db.Galleries.Where(g => g.Id == candidate.GalleryId).DefaultIfEmpty()
                          from image in db.GalleryImages.Where(i => i.Id == candidate.ImageId).DefaultIfEmpty()
                          select new ReviewQueueItem(candidate.Id, searchCase.Id, searchCase.Reference, searchCase.Purpose, probe.DisplayName,
                              face.Ordinal, candidate.Rank, candidate.Similarity, candidate.Band, gallery == null ? "(deleted gallery)" : gallery.Name,
                              image == null ? "(deleted photo)" : image.DisplayName, candidate.FoundAt)).ToListAsync(cancellationToken);
        var templates = await Cases.PersonTemplateQueries.TemplatesOfAsync(db, page, cancellationToken);
        var repeats = await SameFaceFindings.CountsAsync(db, organisationId, page, cancellationToken);
        return new ReviewQueuePage(rows.OrderBy(r => page.IndexOf(r.CandidateId))
            .Select(r => r with { Template = templates.GetValueOrDefault(r.CandidateId), AlsoFound = repeats.GetValueOrDefault(r.CandidateId) }).ToList(), total);
    }

    /// <summary>
    /// The other findings of a candidate's gallery face in its case, for its review screen. Empty unless the reviewer may be
    /// shown the candidate itself: their organisation's, not withheld or in the trash, and not of a case they submitted.
    /// </summary>
    public async Task<IReadOnlyList<SameFaceFinding>> SameFaceAsync(Actor actor, Guid candidateId, CancellationToken cancellationToken = default)
    {
        if (await reviewers.OrganisationOfReviewerAsync(actor, cancellationToken) is not { } organisationId)
            return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var candidate = await Visible(db, organisationId).AsNoTracking()
            .Where(c => c.Id == candidateId && !db.Cases.Any(s => s.Id == c.CaseId && s.CreatedBy == actor.UserId))
            .FirstOrDefaultAsync(cancellationToken);
        return candidate is null ? [] : await SameFaceFindings.ListAsync(db, organisationId, actor.UserId, candidate, cancellationToken);
    }

    /// <summary>How many candidates wait for this reviewer (for the dashboard: a count, no rows).</summary>
    public async Task<int> WaitingCountAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await reviewers.OrganisationOfReviewerAsync(actor, cancellationToken) is not { } organisationId)
            return 0;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await Open(db, actor.UserId, organisationId, new ReviewQueueFilter()).CountAsync(cancellationToken);
    }

    /// <summary>Cases with candidates waiting for this reviewer, for the case filter.</summary>
    public async Task<IReadOnlyList<WaitingCase>> WaitingCasesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await reviewers.OrganisationOfReviewerAsync(actor, cancellationToken) is not { } organisationId)
            return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var counts = await Open(db, actor.UserId, organisationId, new ReviewQueueFilter())
            .GroupBy(c => c.CaseId).Select(g => new { CaseId = g.Key, Waiting = g.Count() }).ToListAsync(cancellationToken);
        var ids = counts.Select(c => c.CaseId).ToList();
        var references = await db.Cases.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, cancellationToken);
        return counts.Select(c => new WaitingCase(c.CaseId, references[c.CaseId], c.Waiting)).OrderBy(c => c.Reference, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>The oldest candidate waiting for this reviewer, leaving out the ones they skipped in this sitting.</summary>
    public async Task<Guid?> NextAsync(Actor actor, ReviewQueueFilter filter, IReadOnlyCollection<Guid> skipped, CancellationToken cancellationToken = default)
    {
        if (await reviewers.OrganisationOfReviewerAsync(actor, cancellationToken) is not { } organisationId)
            return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = skipped.ToList();
        return await Ordered(db, organisationId, Open(db, actor.UserId, organisationId, filter).Where(c => !ids.Contains(c.Id)))
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The blind review view of one candidate, or why this reviewer cannot review it.</summary>
    public async Task<Outcome<ReviewItem>> ItemAsync(Actor actor, Guid candidateId, CancellationToken cancellationToken = default)
    {
        if (await reviewers.OrganisationOfReviewerAsync(actor, cancellationToken) is not { } organisationId)
            return Outcome<ReviewItem>.Forbidden("Only reviewers of an approved partner organisation review candidates.");
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // A candidate from a gallery whose owner is suspended is withheld: not found, like another organisation's.
        var row = await (from candidate in Visible(db, organisationId)
                         where candidate.Id == candidateId
                         join searchCase in db.Cases on candidate.CaseId equals searchCase.Id
                         join probe in db.Probes on candidate.ProbeId equals probe.Id
                         join face in db.ProbeFaces on candidate.ProbeFaceId equals face.Id
                         from gallery in db.Galleries.Where(g => g.Id == candidate.GalleryId).DefaultIfEmpty()
                         from image in db.GalleryImages.Where(i => i.Id == candidate.ImageId).DefaultIfEmpty()
                         select new { candidate, searchCase, ProbeName = probe.DisplayName, face.Ordinal, GalleryName = gallery == null ? null : gallery.Name,
                             ImageName = image == null ? null : image.DisplayName }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return Outcome<ReviewItem>.NotFound();
        var earlier = await db.ReviewDecisions.AsNoTracking().Where(d => d.CandidateId == candidateId).ToListAsync(cancellationToken);
        if (TwoPersonRule.WhyNot(row.candidate.ReviewState, earlier, actor.UserId, row.searchCase.CreatedBy == actor.UserId) is { } refusal)
            return row.searchCase.CreatedBy == actor.UserId ? Outcome<ReviewItem>.Forbidden(refusal) : Outcome<ReviewItem>.Conflict(refusal);
        var c = row.candidate;
        return Outcome<ReviewItem>.Ok(new ReviewItem(c.Id, c.ProbeFaceId, c.FaceId, row.searchCase.Id, row.searchCase.Reference, row.searchCase.Purpose,
            row.ProbeName, row.Ordinal, c.Rank, c.Similarity, c.Band, row.searchCase.Threshold, row.GalleryName ?? "(deleted gallery)",
            row.ImageName ?? "(deleted photo)", c.FoundAt,
            // A template's candidate shows its template and every photo's own score; a probe's has none.
            c.TemplateId is null ? null : (await Cases.PersonTemplateQueries.TemplatesOfAsync(db, [c.Id], cancellationToken)).GetValueOrDefault(c.Id)));
    }

    /// <summary>
    /// Candidates whose gallery photo, gallery or case was deleted to the trash (or whose case's photos were purged): nobody
    /// reviews a face its owner has deleted; restoring it brings the candidate back.
    /// </summary>
    private static IQueryable<Guid> InTrash(PortalDbContext db) =>
        from candidate in db.Candidates
        where db.GalleryImages.Any(i => i.Id == candidate.ImageId && i.TrashedAt != null)
              || db.Galleries.Any(g => g.Id == candidate.GalleryId && g.TrashedAt != null)
              || db.Cases.Any(c => c.Id == candidate.CaseId && (c.TrashedAt != null || c.PurgedAt != null))
        select candidate.Id;

    /// <summary>
    /// Every candidate a reviewer of the organisation may be shown at all, whatever its state: the organisation's own, not
    /// withheld (its gallery's owner suspended), not in the trash. The queue, the review screen and the same face's other
    /// findings all start here, so none of them can show more than the others.
    /// </summary>
    internal static IQueryable<Candidate> Visible(PortalDbContext db, Guid organisationId)
    {
        var withheld = GalleryAccess.Withheld(db, organisationId);
        return from candidate in db.Candidates
               where candidate.OrganisationId == organisationId
                     && !withheld.Contains(candidate.GalleryId)
                     && !InTrash(db).Contains(candidate.Id)
               select candidate;
    }

    private static IQueryable<Candidate> Open(PortalDbContext db, string reviewerId, Guid organisationId, ReviewQueueFilter filter)
    {
        var open = from candidate in Visible(db, organisationId)
                   where (candidate.ReviewState == ReviewState.Pending || candidate.ReviewState == ReviewState.PendingSecondReview)
                         && !db.Cases.Any(c => c.Id == candidate.CaseId && c.CreatedBy == reviewerId)
                         && !db.ReviewDecisions.Any(d => d.CandidateId == candidate.Id && d.ReviewerId == reviewerId)
                         && db.Faces.Any(f => f.Id == candidate.FaceId)
                   select candidate;
        if (filter.CaseId is { } caseId)
            open = open.Where(c => c.CaseId == caseId);
        if (filter.Band is { } band)
            open = open.Where(c => c.Band == band);
        return open;
    }

    /// <summary>
    /// Oldest search first; within one, a probe face's candidates together, best first. A gallery face found more than once
    /// in a case (by other probe photos, or by a person template) sits with its first finding, so the reviewer takes the
    /// findings together. The first finding is taken among every candidate the reviewer may see, not only the waiting
    /// ones, so the group keeps its place as its items are decided.
    /// </summary>
    private static IQueryable<Candidate> Ordered(PortalDbContext db, Guid organisationId, IQueryable<Candidate> candidates)
    {
        var visible = Visible(db, organisationId);
        return from candidate in candidates
               let first = visible.Where(c => c.CaseId == candidate.CaseId && c.FaceId == candidate.FaceId)
                   .OrderBy(c => c.FoundAt).ThenBy(c => c.ProbeFaceId).ThenBy(c => c.Rank).First()
               orderby first.FoundAt, first.ProbeFaceId, first.Rank, candidate.CaseId, candidate.FaceId, candidate.FoundAt, candidate.ProbeFaceId, candidate.Rank
               select candidate;
    }
}
