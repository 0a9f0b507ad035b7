using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;

namespace Portal.Infrastructure.Cases;

/// <summary>A case's person templates and their candidates, each with the photos that support it (issue 18, point 5).</summary>
public sealed class PersonTemplateQueries(IDbContextFactory<PortalDbContext> contextFactory, MoratoriumGate gate)
{
    /// <summary>
    /// For the case page, whose door (view results) was checked and audited when it opened: a refusal now shows nothing.
    /// Candidates of a dissolved template are listed under it still, since their reviews go on.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<TemplateView>>> ForCaseAsync(Actor actor, Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (actor.OrganisationId is not { } organisationId
            || !await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganisationId == organisationId, cancellationToken))
            return Outcome<IReadOnlyList<TemplateView>>.NotFound();
        if ((await gate.PeekAsync(actor, cancellationToken)).RefusalOutcome is { } refused)
            return refused.As<IReadOnlyList<TemplateView>>();
        var probeNames = await db.Probes.AsNoTracking().Where(p => p.CaseId == caseId).ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        var templates = await (from template in db.PersonTemplates.AsNoTracking().Include(t => t.Photos)
                               where template.CaseId == caseId
                               from job in db.Jobs.Where(j => j.Id == template.JobId).DefaultIfEmpty()
                               orderby template.CreatedAt
                               select new { template, State = job == null ? (Domain.Queue.JobState?)null : job.State }).ToListAsync(cancellationToken);
        var rows = await (from candidate in Shown(db, caseId, organisationId)
                          join gallery in db.Galleries on candidate.GalleryId equals gallery.Id
                          join image in db.GalleryImages on candidate.ImageId equals image.Id
                          orderby candidate.Rank
                          select new { candidate, GalleryName = gallery.Name, ImageName = image.DisplayName }).AsNoTracking().ToListAsync(cancellationToken);
        var candidateIds = rows.Select(r => r.candidate.Id).ToList();
        var support = await db.CandidateSupports.AsNoTracking().Where(s => candidateIds.Contains(s.CandidateId)).ToListAsync(cancellationToken);
        var standing = await ReviewRecords.StandingAsync(db, rows.Select(r => r.candidate).ToList(), cancellationToken);

        IReadOnlyList<TemplateCandidateView> CandidatesOf(Guid templateId) => rows.Where(r => r.candidate.TemplateId == templateId)
            .Select(r => new TemplateCandidateView(
                new CandidateView(r.candidate.Id, r.candidate.Rank, r.candidate.Similarity, r.candidate.Band, r.candidate.FaceId, r.GalleryName, r.ImageName,
                    r.candidate.ImageId, standing[r.candidate.Id]),
                Supports(support.Where(s => s.CandidateId == r.candidate.Id), probeNames))).ToList();

        var views = templates.Select(t => new TemplateView(t.template.Id, t.template.Label, false, t.State, t.template.SearchedAt,
            t.template.Photos.Select(p => new TemplatePhotoView(p.ProbeId, probeNames.GetValueOrDefault(p.ProbeId, ""))).ToList(), CandidatesOf(t.template.Id),
            RefusalOf(t.template, probeNames))).ToList();
        var live = templates.Select(t => t.template.Id).ToHashSet();
        views.AddRange(rows.Select(r => r.candidate.TemplateId!.Value).Distinct().Where(id => !live.Contains(id))
            .Select(id => new TemplateView(id, DissolvedLabel, true, null, null, [], CandidatesOf(id))));
        return Outcome<IReadOnlyList<TemplateView>>.Ok(views);
    }

    /// <summary>
    /// The template candidates the case page shows: not withheld (gallery owner suspended), photo and gallery not in the
    /// trash. One query for the page and for the audit of its view (<see cref="CaseQueries"/>), so what is audited is what is shown.
    /// </summary>
    internal static IQueryable<Candidate> Shown(PortalDbContext db, Guid caseId, Guid organisationId)
    {
        var withheldGalleries = GalleryAccess.Withheld(db, organisationId);
        return from candidate in db.Candidates
               where candidate.CaseId == caseId && candidate.TemplateId != null && !withheldGalleries.Contains(candidate.GalleryId)
               join gallery in db.Galleries on candidate.GalleryId equals gallery.Id
               join image in db.GalleryImages on candidate.ImageId equals image.Id
               where gallery.TrashedAt == null && image.TrashedAt == null
               select candidate;
    }

    /// <summary>
    /// The template behind each of these candidates that came from one, with its photos' own scores best first and the face
    /// each photo was searched with (for the review queue and screen). A dissolved template is named as such.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<Guid, CandidateTemplate>> TemplatesOfAsync(PortalDbContext db, IReadOnlyCollection<Guid> candidateIds,
        CancellationToken cancellationToken)
    {
        var ids = candidateIds.ToList();
        var candidates = await db.Candidates.AsNoTracking().Where(c => ids.Contains(c.Id) && c.TemplateId != null)
            .Select(c => new { c.Id, TemplateId = c.TemplateId!.Value, c.ProbeId, c.ProbeFaceId }).ToListAsync(cancellationToken);
        if (candidates.Count == 0)
            return new Dictionary<Guid, CandidateTemplate>();
        var withTemplate = candidates.Select(c => c.Id).ToList();
        var templateIds = candidates.Select(c => c.TemplateId).Distinct().ToList();
        var labels = await db.PersonTemplates.AsNoTracking().Where(t => templateIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Label, cancellationToken);
        var faces = await db.PersonTemplatePhotos.AsNoTracking().Where(p => templateIds.Contains(p.TemplateId)).ToListAsync(cancellationToken);
        var rows = await (from s in db.CandidateSupports.AsNoTracking()
                          where withTemplate.Contains(s.CandidateId)
                          from probe in db.Probes.Where(p => p.Id == s.ProbeId).DefaultIfEmpty()
                          select new { s, Name = probe == null ? Probe.ErasedDisplayName : probe.DisplayName }).ToListAsync(cancellationToken);
        var names = rows.GroupBy(r => r.s.ProbeId).ToDictionary(g => g.Key, g => g.First().Name);
        return candidates.ToDictionary(c => c.Id, c =>
        {
            // The photo that scored highest is the candidate's own probe face even once the template's photo rows are gone.
            Guid? FaceOf(Guid probeId) => faces.FirstOrDefault(f => f.TemplateId == c.TemplateId && f.ProbeId == probeId)?.ProbeFaceId
                ?? (probeId == c.ProbeId ? c.ProbeFaceId : null);
            var support = Supports(rows.Where(r => r.s.CandidateId == c.Id).Select(r => r.s), names)
                .Select(s => s with { ProbeFaceId = FaceOf(s.ProbeId) }).ToList();
            return new CandidateTemplate(labels.GetValueOrDefault(c.TemplateId, DissolvedLabel), support);
        });
    }

    /// <summary>What a template is called once it was dissolved: its label went with it.</summary>
    public const string DissolvedLabel = "Dissolved template";

    private static TemplateRefusalView? RefusalOf(PersonTemplate template, IReadOnlyDictionary<Guid, string> probeNames) =>
        template is { RefusedAt: not null, RefusedProbeId: { } probeId, RefusedScore: { } score }
            ? new TemplateRefusalView(probeNames.GetValueOrDefault(probeId, Probe.ErasedDisplayName), score)
            : null;

    private static List<TemplateSupportView> Supports(IEnumerable<CandidateSupport> rows, IReadOnlyDictionary<Guid, string> probeNames) =>
        rows.OrderByDescending(s => s.Similarity)
            .Select(s => new TemplateSupportView(s.ProbeId, probeNames.GetValueOrDefault(s.ProbeId, Probe.ErasedDisplayName), s.Similarity, s.AtOrAboveThreshold)).ToList();
}
