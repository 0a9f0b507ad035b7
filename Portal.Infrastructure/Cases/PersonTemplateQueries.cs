using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;

namespace Portal.Infrastructure.Cases;

/// <summary>A case's person templates and their candidates, each with the photos that support it (issue 18, point 5).</summary>
public sealed class PersonTemplateQueries(IDbContextFactory<PortalDbContext> contextFactory, MoratoriumGate gate, ReviewerCheck reviewers)
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
        var probes = await db.Probes.AsNoTracking().Where(p => p.CaseId == caseId).ToListAsync(cancellationToken);
        var probeNames = probes.ToDictionary(p => p.Id, p => p.DisplayName);
        // Photos in upload order, the case's one order of its probes: a set order reads the same before and after dissolving.
        var uploadOrder = probes.InUploadOrder(p => p).Select((p, index) => (p.Id, index)).ToDictionary(p => p.Id, p => p.index);
        var probeIds = probes.Select(p => p.Id).ToList();
        var faceCounts = await db.ProbeFaces.AsNoTracking().Where(f => probeIds.Contains(f.ProbeId)).GroupBy(f => f.ProbeId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var templateFaceIds = await (from photo in db.PersonTemplatePhotos
                                     join template in db.PersonTemplates on photo.TemplateId equals template.Id
                                     where template.CaseId == caseId
                                     select photo.ProbeFaceId).Distinct().ToListAsync(cancellationToken);
        var ordinals = await db.ProbeFaces.AsNoTracking().Where(f => templateFaceIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Ordinal, cancellationToken);
        TemplatePhotoView PhotoOf(Guid probeId, Guid? probeFaceId) => new(probeId, probeNames.GetValueOrDefault(probeId, ""),
            probeFaceId is { } faceId && ordinals.TryGetValue(faceId, out var ordinal) ? ordinal + 1 : null, faceCounts.GetValueOrDefault(probeId, 1));
        List<TemplatePhotoView> InOrder(IEnumerable<TemplatePhotoView> photos) =>
            photos.OrderBy(p => uploadOrder.GetValueOrDefault(p.ProbeId, int.MaxValue)).ThenBy(p => p.ProbeId).ToList();
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
        // As the probe faces' candidates (CaseQueries): a colleague who also reviews is told what the review screen tells.
        var facesStillToDecide = await SameFaceFindings.FacesStillToDecideAsync(db, reviewers, actor, caseId, cancellationToken);
        var standing = await ReviewRecords.StandingAsync(db, rows.Select(r => r.candidate).ToList(), facesStillToDecide, cancellationToken);

        IReadOnlyList<TemplateCandidateView> CandidatesOf(Guid templateId) => rows.Where(r => r.candidate.TemplateId == templateId)
            .Select(r => new TemplateCandidateView(
                new CandidateView(r.candidate.Id, r.candidate.Rank, r.candidate.Similarity, r.candidate.Band, r.candidate.FaceId, r.GalleryName, r.ImageName,
                    r.candidate.ImageId, standing[r.candidate.Id]),
                Supports(support.Where(s => s.CandidateId == r.candidate.Id), probeNames))).ToList();

        var withheld = await WithheldAsync(db, caseId, organisationId, cancellationToken);
        var views = templates.Select(t => new TemplateView(t.template.Id, t.template.Label, false, t.State, t.template.SearchedAt,
            InOrder(t.template.Photos.Select(p => PhotoOf(p.ProbeId, p.ProbeFaceId))), CandidatesOf(t.template.Id),
            RefusalOf(t.template, probeNames), withheld.GetValueOrDefault(t.template.Id))).ToList();
        var live = templates.Select(t => t.template.Id).ToHashSet();
        var dissolved = rows.Select(r => r.candidate.TemplateId!.Value).Concat(withheld.Keys).Distinct().Where(id => !live.Contains(id)).ToList();
        var dissolvedPhotos = await PhotosOfDissolvedAsync(db, caseId, dissolved, cancellationToken);
        var records = await db.DissolvedTemplates.AsNoTracking().Where(t => t.CaseId == caseId && t.OrganisationId == organisationId && dissolved.Contains(t.Id))
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        // Templates dissolved before their record was kept: the audit of the dissolving, while retention keeps it.
        var audited = await DissolvedAtAsync(db, organisationId, dissolved.Where(id => !records.ContainsKey(id)).ToList(), cancellationToken);
        views.AddRange(dissolved.OrderBy(id => records.TryGetValue(id, out var r) ? r.DissolvedAt : audited.GetValueOrDefault(id, DateTimeOffset.MaxValue)).Select(id =>
            new TemplateView(id, LabelOf(records.GetValueOrDefault(id)), true, null, null,
                InOrder(dissolvedPhotos.GetValueOrDefault(id, []).Where(probeNames.ContainsKey).Select(p => PhotoOf(p, null))), CandidatesOf(id),
                WithheldCandidates: withheld.GetValueOrDefault(id), DissolvedAt: records.TryGetValue(id, out var record) ? record.DissolvedAt
                    : audited.TryGetValue(id, out var at) ? at : null)));
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
    /// How many of each template's candidates are withheld while their gallery's owner is suspended (as a probe face's are,
    /// <see cref="CaseQueries"/>): counted by template id for the page and its audited view, nothing else of them is read.
    /// </summary>
    internal static Task<Dictionary<Guid, int>> WithheldAsync(PortalDbContext db, Guid caseId, Guid organisationId, CancellationToken cancellationToken)
    {
        var withheldGalleries = GalleryAccess.Withheld(db, organisationId);
        return db.Candidates.Where(c => c.CaseId == caseId && c.TemplateId != null && withheldGalleries.Contains(c.GalleryId))
            .GroupBy(c => c.TemplateId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    /// <summary>
    /// A dissolved template's photos, read back from its candidates' support rows (its own photo rows went with it); a photo
    /// erased since is gone from them too.
    /// </summary>
    private static async Task<Dictionary<Guid, List<Guid>>> PhotosOfDissolvedAsync(PortalDbContext db, Guid caseId, IReadOnlyCollection<Guid> templateIds,
        CancellationToken cancellationToken)
    {
        if (templateIds.Count == 0)
            return [];
        var ids = templateIds.ToList();
        var pairs = await (from support in db.CandidateSupports
                           join candidate in db.Candidates on support.CandidateId equals candidate.Id
                           where candidate.CaseId == caseId && candidate.TemplateId != null && ids.Contains(candidate.TemplateId.Value)
                           select new { TemplateId = candidate.TemplateId!.Value, support.ProbeId }).Distinct().ToListAsync(cancellationToken);
        return pairs.GroupBy(p => p.TemplateId).ToDictionary(g => g.Key, g => g.Select(p => p.ProbeId).ToList());
    }

    /// <summary>
    /// When each template was dissolved by staff, for those dissolved before <see cref="DissolvedTemplate"/> was kept: the
    /// audit entry written in the same transaction as the dissolving. A template dissolved because its photos were erased,
    /// or whose entry has expired, has none.
    /// </summary>
    private static async Task<Dictionary<Guid, DateTimeOffset>> DissolvedAtAsync(PortalDbContext db, Guid organisationId, IReadOnlyCollection<Guid> templateIds,
        CancellationToken cancellationToken)
    {
        if (templateIds.Count == 0)
            return [];
        var targets = templateIds.ToDictionary(id => $"template:{id}");
        var keys = targets.Keys.ToList();
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.TemplateDissolved && e.OrganisationId == organisationId && keys.Contains(e.Target))
            .Select(e => new { e.Target, e.Timestamp }).ToListAsync(cancellationToken);
        return entries.GroupBy(e => e.Target).ToDictionary(g => targets[g.Key], g => g.Max(e => e.Timestamp));
    }

    /// <summary>
    /// The template behind each of these candidates that came from one, with its photos' own scores best first and the face
    /// each photo was searched with (for the review queue and screen). A dissolved template keeps the label staff gave it.
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
        var dissolvedRecords = await db.DissolvedTemplates.AsNoTracking().Where(t => templateIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
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
            return new CandidateTemplate(labels.GetValueOrDefault(c.TemplateId) ?? LabelOf(dissolvedRecords.GetValueOrDefault(c.TemplateId)), support);
        });
    }

    /// <summary>What a dissolved template is called when its label is not kept: dissolved before it was, or purged since.</summary>
    public const string DissolvedLabel = "Dissolved template";

    private static string LabelOf(DissolvedTemplate? record) => record is { Label: { Length: > 0 } label } ? label : DissolvedLabel;

    private static TemplateRefusalView? RefusalOf(PersonTemplate template, IReadOnlyDictionary<Guid, string> probeNames) =>
        template is { RefusedAt: not null, RefusedProbeId: { } probeId, RefusedScore: { } score }
            ? new TemplateRefusalView(probeNames.GetValueOrDefault(probeId, Probe.ErasedDisplayName), score)
            : null;

    private static List<TemplateSupportView> Supports(IEnumerable<CandidateSupport> rows, IReadOnlyDictionary<Guid, string> probeNames) =>
        rows.OrderByDescending(s => s.Similarity)
            .Select(s => new TemplateSupportView(s.ProbeId, probeNames.GetValueOrDefault(s.ProbeId, Probe.ErasedDisplayName), s.Similarity, s.AtOrAboveThreshold)).ToList();
}
