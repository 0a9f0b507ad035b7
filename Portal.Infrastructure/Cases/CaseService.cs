using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Cases;

/// <summary>Submitting a case with its probe photos, and cancelling a probe's search.</summary>
public sealed class CaseService(
    IDbContextFactory<PortalDbContext> contextFactory,
    MembershipLookup memberships,
    GalleryAccess access,
    ImageIntake intake,
    UploadRateLimiter rateLimiter,
    FileStore files,
    JobQueue queue,
    ThresholdService thresholds,
    MoratoriumGate gate,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    public async Task<CaseSubmission> SubmitAsync(Actor actor, NewCase request, IReadOnlyList<ProbeUpload> probes, CancellationToken cancellationToken = default)
    {
        var membership = await memberships.FindAsync(actor.UserId, cancellationToken);
        if (membership is null)
            return Refused(Outcome<Guid>.Forbidden("Only staff of a partner organisation submit searches."));
        foreach (var door in new[] { MoratoriumGate.Doors.SubmitSearch, MoratoriumGate.Doors.ProbeUpload })
        {
            if (await gate.StaffRefusalAsync(actor, door, cancellationToken) is { } refused)
                return Refused(refused.As<Guid>());
        }
        if (SearchCase.NotesProblem(request.Notes) is { } tooLong)
        {
            await auditLog.RecordAsync(actor.Name, AuditActions.CaseRefused, "case:new", tooLong, membership.OrganisationId, cancellationToken);
            return Refused(Outcome<Guid>.Invalid(tooLong));
        }
        if (await ProblemAsync(membership.OrganisationId, request, probes, cancellationToken) is { } problem)
            return Refused(Outcome<Guid>.Invalid(problem));

        // Every photo takes the hardened path; a bad one is reported and the rest of the case goes ahead.
        var results = new List<ProbeUploadResult>();
        var accepted = new List<AcceptedImage>();
        foreach (var probe in probes)
        {
            var name = DisplayName.Clean(probe.FileName);
            if (!rateLimiter.TryTake(actor.UserId))
            {
                results.Add(new ProbeUploadResult(name, OutcomeKind.Blocked, "You uploaded too many photos in a short time; wait a few minutes."));
                continue;
            }
            await using var stream = probe.Open();
            var outcome = await intake.AcceptAsync(stream, probe.FileName, probe.DeclaredBytes, cancellationToken);
            results.Add(new ProbeUploadResult(name, outcome.Kind, outcome.Succeeded ? "Stored; queued for search." : outcome.Error!));
            if (outcome.Succeeded)
                accepted.Add(outcome.Value!);
            else
                await auditLog.RecordAsync(actor.Name, AuditActions.UploadRejected, "case:new", $"a probe photo refused: {outcome.Error}", membership.OrganisationId, cancellationToken);
        }
        if (accepted.Count == 0)
            return new CaseSubmission(Outcome<Guid>.Invalid("None of the photos could be used; nothing was submitted."), results);

        var caseId = await StoreAsync(actor, membership.OrganisationId, request, accepted, cancellationToken);
        return new CaseSubmission(Outcome<Guid>.Ok(caseId), results);
    }

    public async Task<Outcome> CancelProbeAsync(Actor actor, Guid probeId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var job = await (from probe in db.Probes
                         where probe.Id == probeId && probe.OrganisationId == actor.OrganisationId
                         join j in db.Jobs on probe.JobId equals j.Id
                         select j).FirstOrDefaultAsync(cancellationToken);
        if (job is null)
            return Outcome.NotFound();
        if (job.SubmittedBy != actor.UserId && !actor.IsPlatformAdmin)
            return Outcome.Forbidden("Only the person who submitted a search can cancel it.");
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await queue.StopAsync(db, [job.Id], cancellationToken) == 0)
            return Outcome.Conflict("This search has already finished.");
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.JobCancelled, $"probe:{probeId}", $"search of probe cancelled by its submitter", actor.OrganisationId,
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok;
    }

    private async Task<string?> ProblemAsync(Guid organisationId, NewCase request, IReadOnlyList<ProbeUpload> probes,
        CancellationToken cancellationToken)
    {
        if ((SearchCase.ReferenceProblem(request.Reference) ?? SearchCase.TopKProblem(request.TopK)) is { } problem)
            return problem;
        if (probes.Count == 0)
            return "Add at least one probe photo.";
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var granted = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.GrantedPurposes).FirstAsync(cancellationToken);
        if (request.Purpose == Domain.Organisations.Purpose.None || !granted.HasFlag(request.Purpose) || (request.Purpose & (request.Purpose - 1)) != 0)
            return "Choose one of the purposes your organisation was granted.";
        if (request.Galleries.Count == 0)
            return "Choose at least one gallery to search.";
        var usable = await access.SearchableAsync(organisationId, request.Galleries, cancellationToken);
        return usable.Count == request.Galleries.Distinct().Count() ? null : "One of the chosen galleries is not available to your organisation.";
    }

    private async Task<Guid> StoreAsync(Actor actor, Guid organisationId, NewCase request, List<AcceptedImage> accepted, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var searchCase = new SearchCase
        {
            OrganisationId = organisationId, Reference = request.Reference.Trim(), Purpose = request.Purpose, Notes = request.Notes.Trim(),
            TopK = request.TopK, Threshold = await thresholds.EffectiveForAsync(organisationId, cancellationToken), CreatedBy = actor.UserId,
            CreatedByName = actor.Name, CreatedAt = now,
            Galleries = request.Galleries.Distinct().Select(id => new CaseGallery { GalleryId = id }).ToList(),
        };
        try
        {
            // One transaction: case, photos and their jobs exist together or not at all.
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            db.Cases.Add(searchCase);
            // Read inside the submission's transaction: every face change committed before it must be in the index searched.
            var facePosition = await FaceChangeLog.CommittedPositionAsync(db, cancellationToken);
            foreach (var file in accepted)
            {
                var probe = new Probe
                {
                    CaseId = searchCase.Id, OrganisationId = organisationId, DisplayName = file.DisplayName, StoredName = file.StoredName,
                    OriginalSha256 = file.OriginalSha256, Width = file.Width, Height = file.Height, UploadedAt = now,
                    FaceChangePosition = facePosition,
                };
                probe.JobId = queue.Stage(db, JobKind.SearchProbe, probe.Id, organisationId, actor.UserId).Id;
                db.Probes.Add(probe);
            }
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.CaseSubmitted, $"case:{searchCase.Id}",
                // Ids only (ADR 0010): the reference, the file names and the photos stay with the case, where they can be erased.
                $"purpose {Purposes.Label(searchCase.Purpose)}; {accepted.Count} probe(s): probe ids " +
                $"{string.Join(", ", db.Probes.Local.Where(p => p.CaseId == searchCase.Id).Select(p => p.Id))}; galleries " +
                $"{string.Join(", ", searchCase.Galleries.Select(g => g.GalleryId))}; threshold {searchCase.Threshold:0.000}; top {searchCase.TopK}",
                organisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            foreach (var file in accepted)
                files.Delete(file.StoredName);
            throw;
        }
        queue.Signal(accepted.Count);
        return searchCase.Id;
    }

    private static CaseSubmission Refused(Outcome<Guid> refusal) => new(refusal, []);
}
