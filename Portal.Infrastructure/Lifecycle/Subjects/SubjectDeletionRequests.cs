using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>
/// Records, cancels and changes the selection of subjects' deletion requests. Each step reads, checks and writes in one
/// write transaction (ADR 0008) with its audit entry; the entry holds ids only, never who asked or the reference (ADR 0010).
/// </summary>
public sealed class SubjectDeletionRequests(
    IDbContextFactory<PortalDbContext> contextFactory,
    SubjectRequestAccess access,
    AuditLog auditLog,
    ThresholdService thresholds,
    TimeProvider timeProvider,
    Notifier<SubjectRequestsChanged> changes)
{
    public async Task<Outcome<Guid>> RecordAsync(Actor actor, NewSubjectRequest request, CancellationToken cancellationToken = default)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return (await RefuseAsync(actor, "subject-request:new", cancellationToken)).As<Guid>();
        if (!DefinedValues.IsDefined(request.Reach) || (request.Reach == SubjectRequestReach.Everywhere && !admin.IsPlatformAdmin))
            return await InvalidAsync(actor, "Choose where to look: every gallery of the organisation, or chosen galleries.", cancellationToken);
        if (SubjectDeletionRules.CheckRecord(request.Requester, request.Reference) is { Succeeded: false } invalid)
            return await InvalidAsync(actor, invalid.Error!, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var organisationId = admin.OrganisationId ?? request.OrganisationId;
        var galleries = request.Galleries.Distinct().ToList();
        if (request.Reach == SubjectRequestReach.Everywhere)
            organisationId = null;
        else if (request.Reach == SubjectRequestReach.Organisation)
        {
            if (organisationId is null || !await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
                return await InvalidAsync(actor, "Choose the organisation whose galleries are searched.", cancellationToken, transaction);
            galleries = [];
        }
        else
        {
            var found = await db.Galleries.Where(g => galleries.Contains(g.Id)).Select(g => new { g.Id, g.OrganisationId }).ToListAsync(cancellationToken);
            // Another organisation's gallery is refused as if it did not exist.
            if (galleries.Count == 0 || found.Count != galleries.Count || (admin.OrganisationId is { } own && found.Any(g => g.OrganisationId != own)))
                return await InvalidAsync(actor, "Choose one or more galleries from the list.", cancellationToken, transaction);
            var owners = found.Select(g => g.OrganisationId).Distinct().ToList();
            organisationId = owners.Count == 1 ? owners[0] : null;
        }
        var recorded = new SubjectDeletionRequest
        {
            Reach = request.Reach, OrganisationId = organisationId, Requester = request.Requester!.Trim(), Reference = request.Reference!.Trim(),
            RecordedBy = actor.UserId, RecordedAt = timeProvider.GetUtcNow(), RecordedByPlatformAdmin = admin.IsPlatformAdmin,
            State = SubjectRequestState.Recorded, Threshold = await thresholds.DefaultInAsync(db, cancellationToken),
            Galleries = galleries.Select(id => new SubjectDeletionGallery { GalleryId = id }).ToList(),
        };
        db.SubjectDeletionRequests.Add(recorded);
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.SubjectRequestRecorded, Target(recorded.Id),
            $"reach {recorded.Reach}; organisation {organisationId?.ToString() ?? "every"}; {galleries.Count} chosen gallery(ies)", organisationId, cancellationToken);
        await changes.PublishAsync(new SubjectRequestsChanged(recorded.Id));
        return Outcome<Guid>.Ok(recorded.Id);
    }

    public Task<Outcome> CancelAsync(Actor actor, Guid requestId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, requestId, async (db, request) =>
        {
            if (SubjectDeletionRules.CanCancel(request.State) is { Succeeded: false } refused)
                return refused;
            request.State = SubjectRequestState.Cancelled;
            request.CancelledBy = actor.UserId;
            request.CancelledAt = timeProvider.GetUtcNow();
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.SubjectRequestCancelled, Target(requestId), "cancelled before confirmation",
                request.OrganisationId, cancellationToken);
            return Outcome.Ok;
        }, cancellationToken);

    /// <summary>Selects or deselects one match (a face that is not the person); a held match cannot be selected.</summary>
    public Task<Outcome> SelectAsync(Actor actor, Guid requestId, long matchId, bool selected, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, requestId, async (db, request) =>
        {
            if (SubjectDeletionRules.CanSelect(request.State) is { Succeeded: false } refused)
                return refused;
            var match = await db.SubjectDeletionMatches.FirstOrDefaultAsync(m => m.Id == matchId && m.RequestId == requestId, cancellationToken);
            if (match is null)
                return Outcome.NotFound();
            if (selected && await HeldAsync(db, match, cancellationToken))
                return Outcome.Conflict("A legal hold keeps this photo: it cannot be deleted while the hold lasts.");
            match.Selected = selected;
            return Outcome.Ok;
        }, cancellationToken);

    internal static string Target(Guid requestId) => $"subject-request:{requestId}";

    internal static async Task<bool> HeldAsync(PortalDbContext db, SubjectDeletionMatch match, CancellationToken cancellationToken) =>
        (await HoldCheck.ReadAsync(db, match.OrganisationId, cancellationToken)).Keeping(HoldScope.Gallery, match.GalleryId) is not null;

    private async Task<Outcome> ChangeAsync(Actor actor, Guid requestId, Func<PortalDbContext, SubjectDeletionRequest, Task<Outcome>> change,
        CancellationToken cancellationToken)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return await RefuseAsync(actor, Target(requestId), cancellationToken);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var request = await SubjectRequestAccess.Visible(db, admin).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
            if (request is null)
                return Outcome.NotFound();
            var outcome = await change(db, request);
            if (!outcome.Succeeded)
                return outcome;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await changes.PublishAsync(new SubjectRequestsChanged(requestId));
        return Outcome.Ok;
    }

    /// <summary>
    /// A request refused for what was typed or chosen: the admin reads why, and the attempt is recorded (the message only,
    /// never the requester or reference typed, which may name the person).
    /// </summary>
    private async Task<Outcome<Guid>> InvalidAsync(Actor actor, string why, CancellationToken cancellationToken,
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? open = null)
    {
        // The audit log takes the write lock itself: let go of ours first (nothing was written under it).
        if (open is not null)
            await open.RollbackAsync(cancellationToken);
        await auditLog.RecordAsync(actor.Name, AuditActions.SubjectRequestRefused, "subject-request:new", $"not recorded: {why}", actor.OrganisationId,
            CancellationToken.None);
        return Outcome<Guid>.Invalid(why);
    }

    private async Task<Outcome> RefuseAsync(Actor actor, string target, CancellationToken cancellationToken)
    {
        await auditLog.RecordAsync(actor.Name, AuditActions.SubjectRequestRefused, target, "not an organisation admin or platform admin",
            actor.OrganisationId, cancellationToken);
        return Outcome.Forbidden(SubjectRequestAccess.Refusal);
    }
}
