using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Cases;

/// <summary>One photo a staff member marks: the probe, and the face that is the person when the photo has several.</summary>
public sealed record TemplatePhotoChoice(Guid ProbeId, Guid? ProbeFaceId = null);

/// <summary>
/// Marking probe photos of a case as the same person (a template searched as one, issue 18 point 5), and dissolving
/// such a mark. The doors are a probe search's: the same moratorium and staff check as <see cref="CaseService"/>,
/// and the case's galleries must still be searchable by the organisation.
/// </summary>
public sealed class PersonTemplateService(
    IDbContextFactory<PortalDbContext> contextFactory,
    MoratoriumGate gate,
    GalleryAccess access,
    JobQueue queue,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    public async Task<Outcome<Guid>> CreateAsync(Actor actor, Guid caseId, string label, IReadOnlyList<TemplatePhotoChoice> photos, CancellationToken cancellationToken = default)
    {
        if (await gate.StaffRefusalAsync(actor, MoratoriumGate.Doors.SubmitSearch, cancellationToken) is { } refused)
            return refused.As<Guid>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var searchCase = await db.Cases.AsNoTracking().Include(c => c.Galleries)
            .FirstOrDefaultAsync(c => c.Id == caseId && c.OrganisationId == actor.OrganisationId, cancellationToken);
        if (searchCase is null)
            return Outcome<Guid>.NotFound();
        var faces = await TemplatePhotoRules.ChooseFacesAsync(db, searchCase, photos, cancellationToken);
        var problem = PersonTemplate.LabelProblem(label) ?? faces.Problem
            ?? (searchCase.ClosedAt is not null || searchCase.TrashedAt is not null ? "A closed case cannot search again." : null);
        if (problem is null)
        {
            var galleries = searchCase.Galleries.Select(g => g.GalleryId).ToList();
            if ((await access.SearchableAsync(searchCase.OrganisationId, galleries, cancellationToken)).Count != galleries.Count)
                problem = "One of the case's galleries is no longer available to your organisation.";
        }
        if (problem is not null)
        {
            await auditLog.RecordAsync(actor.Name, AuditActions.TemplateRefused, $"case:{caseId}", problem, searchCase.OrganisationId, cancellationToken);
            return Outcome<Guid>.Invalid(problem);
        }

        var template = new PersonTemplate
        {
            CaseId = caseId, OrganisationId = searchCase.OrganisationId, Label = label.Trim(), CreatedBy = actor.UserId, CreatedAt = timeProvider.GetUtcNow(),
        };
        template.Photos.AddRange(faces.Chosen.Select(f => new PersonTemplatePhoto { TemplateId = template.Id, ProbeId = f.ProbeId, ProbeFaceId = f.ProbeFaceId }));
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        template.FaceChangePosition = await FaceChangeLog.CommittedPositionAsync(db, cancellationToken);
        template.JobId = queue.Stage(db, JobKind.SearchTemplate, template.Id, searchCase.OrganisationId, actor.UserId).Id;
        db.PersonTemplates.Add(template);
        // Ids only (ADR 0010): the label may name the person and stays with the case.
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.TemplateCreated, $"template:{template.Id}",
            $"case {caseId}; probe ids {string.Join(", ", template.Photos.Select(p => p.ProbeId))}; queued as job {template.JobId}", searchCase.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        queue.Signal();
        return Outcome<Guid>.Ok(template.Id);
    }

    /// <summary>Removes the mark; candidates already found stay for their reviews, with the scores that supported them.</summary>
    public async Task<Outcome> DissolveAsync(Actor actor, Guid templateId, CancellationToken cancellationToken = default)
    {
        if (await gate.StaffRefusalAsync(actor, MoratoriumGate.Doors.SubmitSearch, cancellationToken) is { } refused)
            return refused;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var template = await db.PersonTemplates.FirstOrDefaultAsync(t => t.Id == templateId && t.OrganisationId == actor.OrganisationId, cancellationToken);
        if (template is null)
            return Outcome.NotFound();
        await queue.StopAsync(db, [template.JobId], cancellationToken);
        await PersonTemplateRows.DissolveAsync(db, [templateId], timeProvider.GetUtcNow(), cancellationToken);
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.TemplateDissolved, $"template:{templateId}", $"case {template.CaseId}; dissolved by staff",
            template.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok;
    }
}
