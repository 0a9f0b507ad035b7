using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Review;

/// <summary>
/// Confirmed leads of a case, for the case's own staff: as CSV or for a printable page. Each export is audited,
/// and every copy carries the notice that a match is a lead for human follow-up, not an identification.
/// </summary>
public sealed class LeadsExporter(IDbContextFactory<PortalDbContext> contextFactory, IAuditLog auditLog, MoratoriumGate gate, ReviewerCheck reviewers)
{
    public const string Notice =
        "NOTICE: A face match is not an identification. Each lead below was confirmed by two independent reviewers " +
        "(or settled by a platform admin) as worth investigating; it must never be the sole basis for any action.";

    /// <summary>
    /// The confirmed leads of a case of the actor's organisation, audited as an export. Not found
    /// for another organisation's case, and while the organisation is not approved or a moratorium blocks it (results may not be seen then).
    /// </summary>
    public async Task<Outcome<LeadsExport>> ExportAsync(Actor actor, Guid caseId, string format, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var searchCase = await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == caseId && c.OrganisationId == actor.OrganisationId, cancellationToken);
        if (searchCase is null)
            return Outcome<LeadsExport>.NotFound();
        if (await gate.RefusalAsync(actor, MoratoriumGate.Doors.ExportLeads, cancellationToken) is { } refused)
            return refused.As<LeadsExport>();
        // Leads from a gallery whose owner is suspended are withheld from the export until it is reinstated; the audit counts them.
        var withheldGalleries = GalleryAccess.Withheld(db, searchCase.OrganisationId);
        var withheld = await db.Candidates.CountAsync(c => c.CaseId == caseId && c.ReviewState == ReviewState.Confirmed
            && withheldGalleries.Contains(c.GalleryId), cancellationToken);
        var rows = await (from candidate in db.Candidates
                          where candidate.CaseId == caseId && candidate.ReviewState == ReviewState.Confirmed && !withheldGalleries.Contains(candidate.GalleryId)
                          join probe in db.Probes on candidate.ProbeId equals probe.Id
                          join face in db.ProbeFaces on candidate.ProbeFaceId equals face.Id
                          from gallery in db.Galleries.Where(g => g.Id == candidate.GalleryId).DefaultIfEmpty()
                          from image in db.GalleryImages.Where(i => i.Id == candidate.ImageId).DefaultIfEmpty()
                          // The probes in the order of the case page (ProbeOrder), so the export reads like the screen.
                          orderby probe.UploadedAt, probe.DisplayName, probe.Id, face.Ordinal, candidate.Rank
                          select new { candidate.Id, candidate.FaceId, ProbeName = probe.DisplayName, face.Ordinal, candidate.Rank, candidate.Similarity, candidate.Band,
                              GalleryName = gallery == null ? null : gallery.Name, ImageName = image == null ? null : image.DisplayName, candidate.ClosedAt })
            .ToListAsync(cancellationToken);
        // A colleague who also reviews, and may yet decide another finding of a lead's gallery face, is not told it was
        // confirmed (nor by whom, with which notes) until they have: the export leaves it out, and says so.
        var facesStillToDecide = await SameFaceFindings.FacesStillToDecideAsync(db, reviewers, actor, caseId, cancellationToken);
        var forReview = rows.Count(r => facesStillToDecide.Contains(r.FaceId));
        rows = rows.Where(r => !facesStillToDecide.Contains(r.FaceId)).ToList();
        var decidedForReview = await DecidedFindingsAsync(db, caseId, facesStillToDecide, cancellationToken);
        var decisions = await ReviewRecords.DecisionsAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
        var leads = rows.Select(r => new ConfirmedLead(r.ProbeName, r.Ordinal, r.Rank, r.Similarity, r.Band, r.GalleryName ?? "(deleted gallery)",
            r.ImageName ?? "(deleted photo)", r.ClosedAt, decisions.GetValueOrDefault(r.Id, []))).ToList();
        await auditLog.RecordAsync(actor.Name, AuditActions.LeadsExported, $"case:{caseId}",
            $"{leads.Count} confirmed lead(s) exported as {format}{(withheld > 0 ? $"; {withheld} withheld (gallery owner suspended)" : "")}"
            + (forReview > 0 ? $"; {forReview} withheld (the exporter may still review the same gallery face)" : ""),
            actor.OrganisationId, cancellationToken);
        return Outcome<LeadsExport>.Ok(new LeadsExport(searchCase.Reference, searchCase.Purpose, searchCase.Threshold, leads, decidedForReview));
    }

    /// <summary>
    /// What the export says it left out must not depend on the outcomes it hides: a count of confirmed leads would tell
    /// the colleague that a sibling was confirmed. So it counts every decided finding of those faces, whatever the outcome,
    /// as the case page shows each of them ("Decided (outcome withheld)").
    /// </summary>
    private static async Task<int> DecidedFindingsAsync(PortalDbContext db, Guid caseId, IReadOnlySet<Guid> faces, CancellationToken cancellationToken)
    {
        if (faces.Count == 0)
            return 0;
        var faceIds = faces.ToList();
        return await db.Candidates.CountAsync(c => c.CaseId == caseId && faceIds.Contains(c.FaceId)
            && c.ReviewState != ReviewState.Pending && c.ReviewState != ReviewState.PendingSecondReview, cancellationToken);
    }

    /// <summary>The export as CSV: the notice first, then one row per lead with its counted decisions.</summary>
    public static string ToCsv(LeadsExport export)
    {
        var csv = new StringBuilder();
        csv.AppendLine(Csv.Row([Notice]));
        if (export.WithheldForReview > 0)
            csv.AppendLine(Csv.Row([export.WithheldNotice]));
        csv.AppendLine(Csv.Row(["case", export.CaseReference, "purpose", Purposes.Label(export.Purpose), "threshold",
            export.Threshold.ToString("0.000", CultureInfo.InvariantCulture)]));
        csv.AppendLine(Csv.Row(["probe photo", "face", "rank", "similarity", "band", "gallery", "gallery photo", "confirmed at (UTC)",
            "first reviewer", "first note", "second reviewer", "second decision", "second note", "admin", "admin note"]));
        foreach (var lead in export.Leads)
        {
            var first = lead.Decisions.FirstOrDefault(d => d.Counted && d.Stage == ReviewStage.First);
            var second = lead.Decisions.FirstOrDefault(d => d.Counted && d.Stage == ReviewStage.Second);
            var admin = lead.Decisions.FirstOrDefault(d => d.Stage == ReviewStage.Admin);
            csv.AppendLine(Csv.Row([lead.ProbeName, (lead.FaceOrdinal + 1).ToString(CultureInfo.InvariantCulture), lead.Rank.ToString(CultureInfo.InvariantCulture),
                lead.Similarity.ToString("0.000", CultureInfo.InvariantCulture), lead.Band.Label(), lead.GalleryName, lead.ImageName,
                lead.ConfirmedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "",
                first?.ReviewerName ?? "", first?.Note ?? "", second?.ReviewerName ?? "", second?.Verdict.Label() ?? "", second?.Note ?? "",
                admin?.ReviewerName ?? "", admin?.Note ?? ""]));
        }
        return csv.ToString();
    }
}
