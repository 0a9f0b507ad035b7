using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// Template rows inside a caller's write transaction: dissolving, and dropping erased probe photos (a template left with
/// fewer than <see cref="PersonTemplate.MinPhotos"/> photos is no longer several photos of one person, so it goes).
/// </summary>
internal static class PersonTemplateRows
{
    /// <summary>
    /// Deletes the templates and their photo rows, keeping a <see cref="DissolvedTemplate"/> of each (saved with the
    /// caller's changes); their candidates and support rows stay for the reviews. <paramref name="keepLabels"/> is false
    /// when the case's text is being purged: then only the fact and the time are kept.
    /// </summary>
    public static async Task<int> DissolveAsync(PortalDbContext db, IReadOnlyCollection<Guid> templateIds, DateTimeOffset now, CancellationToken cancellationToken,
        bool keepLabels = true)
    {
        var templates = await db.PersonTemplates.AsNoTracking().Where(t => templateIds.Contains(t.Id))
            .Select(t => new { t.Id, t.CaseId, t.OrganisationId, t.Label }).ToListAsync(cancellationToken);
        db.DissolvedTemplates.AddRange(templates.Select(t => new DissolvedTemplate
        {
            Id = t.Id, CaseId = t.CaseId, OrganisationId = t.OrganisationId, Label = keepLabels ? t.Label : "", DissolvedAt = now,
        }));
        await db.PersonTemplatePhotos.Where(p => templateIds.Contains(p.TemplateId)).ExecuteDeleteAsync(cancellationToken);
        return await db.PersonTemplates.Where(t => templateIds.Contains(t.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Drops erased probe photos from every template and their support rows; returns how many templates were dissolved.</summary>
    public static async Task<int> DropProbesAsync(PortalDbContext db, IQueryable<Probe> erased, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var probeIds = await erased.Select(p => p.Id).ToListAsync(cancellationToken);
        if (probeIds.Count == 0)
            return 0;
        var touched = await db.PersonTemplatePhotos.Where(p => probeIds.Contains(p.ProbeId)).Select(p => p.TemplateId).Distinct().ToListAsync(cancellationToken);
        await db.PersonTemplatePhotos.Where(p => probeIds.Contains(p.ProbeId)).ExecuteDeleteAsync(cancellationToken);
        // A score says how a photo looked against a gallery face: it goes with the photo.
        await db.CandidateSupports.Where(s => probeIds.Contains(s.ProbeId)).ExecuteDeleteAsync(cancellationToken);
        var tooFew = await db.PersonTemplates.Where(t => touched.Contains(t.Id) && db.PersonTemplatePhotos.Count(p => p.TemplateId == t.Id) < PersonTemplate.MinPhotos)
            .Select(t => t.Id).ToListAsync(cancellationToken);
        return tooFew.Count == 0 ? 0 : await DissolveAsync(db, tooFew, now, cancellationToken);
    }

    /// <summary>
    /// Purging cases' text: their templates' labels are text staff typed and may name the person. Live templates are
    /// dissolved without their label (purging drops all their photos anyway) and dissolved ones lose theirs.
    /// </summary>
    public static async Task ForgetLabelsAsync(PortalDbContext db, IQueryable<SearchCase> cases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var caseIds = cases.Select(c => c.Id);
        var live = await db.PersonTemplates.Where(t => caseIds.Contains(t.CaseId)).Select(t => t.Id).ToListAsync(cancellationToken);
        if (live.Count > 0)
            await DissolveAsync(db, live, now, cancellationToken, keepLabels: false);
        await db.DissolvedTemplates.Where(t => caseIds.Contains(t.CaseId) && t.Label != "").ExecuteUpdateAsync(s => s.SetProperty(t => t.Label, ""), cancellationToken);
    }
}
