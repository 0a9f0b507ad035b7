using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Moratoria;
using Portal.Domain.Queue;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;

namespace Portal.Infrastructure.Cases;

/// <summary>What staff see of their organisation's cases. Another organisation's case is not found.</summary>
public sealed class CaseQueries(IDbContextFactory<PortalDbContext> contextFactory, MoratoriumGate gate, IAuditLog auditLog,
    IOptions<RetentionOptions> retention, ReviewerCheck reviewers)
{
    public async Task<IReadOnlyList<CaseSummary>> ListAsync(Actor actor, int take = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // A case in the trash is listed only in the trash.
        var cases = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == actor.OrganisationId && c.TrashedAt == null)
            .OrderByDescending(c => c.CreatedAt).Take(take).ToListAsync(cancellationToken);
        var ids = cases.Select(c => c.Id).ToList();
        var states = await (from probe in db.Probes
                            where ids.Contains(probe.CaseId)
                            join job in db.Jobs on probe.JobId equals job.Id
                            select new { probe.CaseId, job.State }).ToListAsync(cancellationToken);
        var candidates = await db.Candidates.Where(c => ids.Contains(c.CaseId)).GroupBy(c => c.CaseId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return cases.Select(c =>
        {
            var mine = states.Where(s => s.CaseId == c.Id).Select(s => s.State).ToList();
            return new CaseSummary(c.Id, c.Reference, c.Purpose, c.CreatedAt, c.CreatedByName, mine.Count,
                mine.Count(s => s == JobState.Succeeded), mine.Count(s => s is JobState.Queued or JobState.Running),
                mine.Count(s => s == JobState.DeadLettered), mine.Count(s => s == JobState.HeldByMoratorium), candidates.GetValueOrDefault(c.Id),
                CaseLifecycle.StateOf(c), c.Outcome);
        }).ToList();
    }

    public async Task<Outcome<CaseDetails>> GetAsync(Actor actor, Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var searchCase = await db.Cases.AsNoTracking().Include(c => c.Galleries)
            .FirstOrDefaultAsync(c => c.Id == caseId && c.OrganisationId == actor.OrganisationId, cancellationToken);
        if (searchCase is null)
            return Outcome<CaseDetails>.NotFound();
        var galleryIds = searchCase.Galleries.Select(g => g.GalleryId).ToList();
        var galleries = await db.Galleries.Where(g => galleryIds.Contains(g.Id)).Select(g => g.Name).ToListAsync(cancellationToken);
        var probes = await (from probe in db.Probes
                            where probe.CaseId == caseId
                            join job in db.Jobs on probe.JobId equals job.Id
                            select new { probe, job }).AsNoTracking().ToListAsync(cancellationToken);
        var probeIds = probes.Select(p => p.probe.Id).ToList();
        // How many faces each searched photo showed and how many were clear enough to search: "Done" alone left staff
        // guessing why a photo of a crowd, or of no one, brought nothing.
        var faces = await db.ProbeFaces.Where(f => probeIds.Contains(f.ProbeId)).GroupBy(f => f.ProbeId)
            .Select(g => new { g.Key, Found = g.Count(), Searched = g.Count(f => f.PassedQuality) }).ToDictionaryAsync(g => g.Key, cancellationToken);
        var statuses = new List<ProbeStatus>();
        foreach (var row in probes.InUploadOrder(r => r.probe))
        {
            int? position = row.job.State == JobState.Queued
                ? await db.Jobs.CountAsync(j => j.State == JobState.Queued && (j.Priority < row.job.Priority
                    || (j.Priority == row.job.Priority && j.CreatedAt < row.job.CreatedAt)), cancellationToken) + 1
                : null;
            statuses.Add(new ProbeStatus(row.probe.Id, row.probe.DisplayName, row.job.State, row.job.Progress, position,
                row.job.State == JobState.DeadLettered ? row.job.FailureReason ?? JobFailures.GaveUp : null, row.job.HeldReason, row.probe.SearchedAt,
                row.probe.SearchedAt is null ? null : faces.GetValueOrDefault(row.probe.Id)?.Found ?? 0,
                row.probe.SearchedAt is null ? null : faces.GetValueOrDefault(row.probe.Id)?.Searched ?? 0));
        }
        var lifecycle = new CaseLifecycle(CaseLifecycle.StateOf(searchCase), searchCase.Outcome, searchCase.ClosedAt,
            await RetentionDates.ForCaseAsync(db, searchCase, cancellationToken), searchCase.PurgedAt,
            searchCase.TrashedAt is { } trashedAt
                ? trashedAt + await Lifecycle.RetentionPeriods.TrashGraceAsync(db, searchCase.OrganisationId, retention.Value.TrashGrace, cancellationToken)
                : null, // the schedule is read only for a case in the trash, not on every case page
            searchCase.ClosureNote ?? "");
        return Outcome<CaseDetails>.Ok(new CaseDetails(searchCase.Id, searchCase.Reference, searchCase.Purpose, searchCase.Notes,
            searchCase.TopK, searchCase.Threshold, searchCase.CreatedByName, searchCase.CreatedAt, galleries, statuses, lifecycle));
    }

    /// <summary>
    /// The results of a case for a live page: its door was checked (and a refusal audited) when it opened, and a
    /// view is audited once per change of what is shown, remembered in <paramref name="seen"/>: the probe faces, their
    /// candidates and the person templates' candidates (<see cref="PersonTemplateQueries.ForCaseAsync"/>).
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ProbeFaceResult>>> ResultsAsync(Actor actor, Guid caseId, ResultsSeen seen,
        CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(actor, caseId, checkDoor: false, cancellationToken);
        if (!loaded.Succeeded)
        {
            seen.Forget();
            return loaded.As<IReadOnlyList<ProbeFaceResult>>();
        }
        var shown = loaded.Value!;
        if (seen.Remember(shown.Ids()))
            await RecordViewAsync(actor, caseId, shown, cancellationToken);
        return Outcome<IReadOnlyList<ProbeFaceResult>>.Ok(shown.Results);
    }

    /// <summary>
    /// The results of a case, when the organisation may view them now (a moratorium or a suspension blocks
    /// viewing; another organisation's case is not found). Every view is audited: who looked at which case's
    /// candidates, when.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ProbeFaceResult>>> ResultsAsync(Actor actor, Guid caseId,
        bool audit = true, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(actor, caseId, checkDoor: audit, cancellationToken);
        if (!loaded.Succeeded)
            return loaded.As<IReadOnlyList<ProbeFaceResult>>();
        if (audit)
            await RecordViewAsync(actor, caseId, loaded.Value!, cancellationToken);
        return Outcome<IReadOnlyList<ProbeFaceResult>>.Ok(loaded.Value!.Results);
    }

    /// <summary>The results, and which template candidates the page shows beside them (for the audit only).</summary>
    private async Task<Outcome<ShownResults>> LoadAsync(Actor actor, Guid caseId, bool checkDoor, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (actor.OrganisationId is not { } organisationId
            || !await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganisationId == organisationId, cancellationToken))
            return Outcome<ShownResults>.NotFound();
        // A refresh without audit is a live page polling what it shows: its refusal was audited when it opened.
        var decision = checkDoor ? await gate.CheckAsync(actor, MoratoriumGate.Doors.ViewResults, cancellationToken) : await gate.PeekAsync(actor, cancellationToken);
        if (decision.RefusalOutcome is { } refused)
            return refused.As<ShownResults>();
        // The probe list's order, then each probe's faces in order; each panel names its probe photo. A template's
        // candidates are shown with their template (PersonTemplateQueries), not under the photo that scored highest.
        var probes = (await db.Probes.AsNoTracking().Where(p => p.CaseId == caseId).ToListAsync(cancellationToken))
            .InUploadOrder(p => p).Select((probe, index) => (probe.Id, probe.DisplayName, index)).ToDictionary(p => p.Id);
        var probeIds = probes.Keys.ToList();
        var faces = (await db.ProbeFaces.AsNoTracking().Where(f => probeIds.Contains(f.ProbeId)).ToListAsync(cancellationToken))
            .OrderBy(f => probes[f.ProbeId].index).ThenBy(f => f.Ordinal).ToList();
        // Candidates from a gallery whose owner is suspended are withheld while it stands so: only how many, per face.
        var withheldGalleries = GalleryAccess.Withheld(db, organisationId);
        var withheld = await db.Candidates.Where(c => c.CaseId == caseId && c.TemplateId == null && withheldGalleries.Contains(c.GalleryId))
            .GroupBy(c => c.ProbeFaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var candidates = await (from candidate in db.Candidates
                                where candidate.CaseId == caseId && candidate.TemplateId == null && !withheldGalleries.Contains(candidate.GalleryId)
                                join gallery in db.Galleries on candidate.GalleryId equals gallery.Id
                                join image in db.GalleryImages on candidate.ImageId equals image.Id
                                where gallery.TrashedAt == null && image.TrashedAt == null
                                orderby candidate.Rank
                                select new { candidate, GalleryName = gallery.Name, ImageName = image.DisplayName }).AsNoTracking().ToListAsync(cancellationToken);
        // The rest were found but their gallery photo is in the trash or deleted for good: only how many, per face.
        var shownIds = candidates.Select(c => c.candidate.Id).ToList();
        var gone = await db.Candidates.Where(c => c.CaseId == caseId && c.TemplateId == null && !withheldGalleries.Contains(c.GalleryId) && !shownIds.Contains(c.Id))
            .GroupBy(c => c.ProbeFaceId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        // A colleague who also reviews may be the blind second reviewer of an open candidate here: told what the review screen tells.
        var facesStillToDecide = await SameFaceFindings.FacesStillToDecideAsync(db, reviewers, actor, caseId, cancellationToken);
        var standing = await ReviewRecords.StandingAsync(db, candidates.Select(c => c.candidate).ToList(), facesStillToDecide, cancellationToken);
        var results = faces.Select(face => new ProbeFaceResult(face.Id, face.ProbeId, face.Ordinal, face.PassedQuality, face.QualityReasons,
            candidates.Where(c => c.candidate.ProbeFaceId == face.Id)
                .Select(c => new CandidateView(c.candidate.Id, c.candidate.Rank, c.candidate.Similarity, c.candidate.Band, c.candidate.FaceId,
                    c.GalleryName, c.ImageName, c.candidate.ImageId, standing[c.candidate.Id])).ToList(),
            withheld.GetValueOrDefault(face.Id), probes[face.ProbeId].DisplayName, gone.GetValueOrDefault(face.Id))).ToList();
        var templateCandidates = await PersonTemplateQueries.Shown(db, caseId, organisationId)
            .Select(c => new ShownTemplateCandidate(c.Id, c.TemplateId!.Value)).ToListAsync(cancellationToken);
        var templateWithheld = await PersonTemplateQueries.WithheldAsync(db, caseId, organisationId, cancellationToken);
        return Outcome<ShownResults>.Ok(new ShownResults(results, templateCandidates, templateWithheld));
    }

    /// <summary>
    /// Audits that these results were shown, template candidates included. Templates are named by id only: a template's
    /// label is the staff member's own words and may name the person.
    /// </summary>
    private Task RecordViewAsync(Actor actor, Guid caseId, ShownResults shown, CancellationToken cancellationToken = default) =>
        auditLog.RecordAsync(actor.Name, AuditActions.ResultsViewed, $"case:{caseId}",
            $"{shown.Results.Count} probe face(s), {shown.Results.Sum(r => r.Candidates.Count)} candidate(s) shown{Withheld(shown.Results)}{Templates(shown)}{TemplatesWithheld(shown)}",
            actor.OrganisationId, cancellationToken);

    private static string Withheld(IReadOnlyList<ProbeFaceResult> results) =>
        results.Sum(r => r.WithheldCandidates) is > 0 and var count ? $", {count} withheld (gallery owner suspended)" : "";

    private static string Templates(ShownResults shown) => shown.TemplateCandidates.Count == 0 ? ""
        : $", {shown.TemplateCandidates.Count} person template candidate(s) shown (" + string.Join(", ", shown.TemplateCandidates
            .GroupBy(c => c.TemplateId).OrderBy(g => g.Key).Select(g => $"template:{g.Key} {g.Count()}")) + ")";

    // Counted like a probe face's withheld candidates, per template id: the page says they exist, so the audit does too.
    private static string TemplatesWithheld(ShownResults shown) => shown.TemplateWithheld.Count == 0 ? ""
        : $", {shown.TemplateWithheld.Values.Sum()} person template candidate(s) withheld (gallery owner suspended) ("
          + string.Join(", ", shown.TemplateWithheld.OrderBy(t => t.Key).Select(t => $"template:{t.Key} {t.Value}")) + ")";
}
