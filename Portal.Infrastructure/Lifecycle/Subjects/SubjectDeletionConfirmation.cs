using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>
/// Confirms a request: in one write transaction the request becomes Confirmed, held matches are deselected with an
/// <see cref="ErasureSkip"/> each (as the sweep records them), and one erasure per organisation touched is staged with its
/// Erase job. No trash and no grace period: the queue is woken and erases at once.
/// </summary>
public sealed class SubjectDeletionConfirmation(
    IDbContextFactory<PortalDbContext> contextFactory,
    SubjectRequestAccess access,
    BiometricEraser eraser,
    JobQueue queue,
    AuditLog auditLog,
    TimeProvider timeProvider,
    Notifier<SubjectRequestsChanged> changes)
{
    /// <summary>What confirming would erase now, for the confirmation dialog.</summary>
    public async Task<Outcome<SubjectDeletionCounts>> CountsAsync(Actor actor, Guid requestId, CancellationToken cancellationToken = default)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return Outcome<SubjectDeletionCounts>.Forbidden(SubjectRequestAccess.Refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await SubjectRequestAccess.Visible(db, admin).AnyAsync(r => r.Id == requestId, cancellationToken))
            return Outcome<SubjectDeletionCounts>.NotFound();
        var (selected, held) = await SplitAsync(db, requestId, cancellationToken);
        return Outcome<SubjectDeletionCounts>.Ok(await CountAsync(db, selected, held.Count, cancellationToken));
    }

    public async Task<Outcome<SubjectDeletionCounts>> ConfirmAsync(Actor actor, Guid requestId, CancellationToken cancellationToken = default)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return Outcome<SubjectDeletionCounts>.Forbidden(SubjectRequestAccess.Refusal);
        SubjectDeletionCounts counts;
        int staged;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var request = await SubjectRequestAccess.Visible(db, admin).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
            if (request is null)
                return Outcome<SubjectDeletionCounts>.NotFound();
            if (SubjectDeletionRules.CanConfirm(request.State) is { Succeeded: false } refused)
                return refused.As<SubjectDeletionCounts>();
            var (selected, held) = await SplitAsync(db, requestId, cancellationToken);
            if (selected.Count == 0 && held.Count == 0)
                return Outcome<SubjectDeletionCounts>.Invalid("No photo is selected: select the person's faces to delete, or cancel the request.");
            counts = await CountAsync(db, selected, held.Count, cancellationToken);
            var now = timeProvider.GetUtcNow();
            request.State = SubjectRequestState.Confirmed;
            request.ConfirmedBy = actor.UserId;
            request.ConfirmedAt = now;
            var records = new Dictionary<Guid, ErasureRecord>();
            foreach (var organisationId in selected.Select(m => m.OrganisationId).Distinct())
            {
                records[organisationId] = eraser.Stage(db, new ErasureRecord
                {
                    Cause = ErasureCause.SubjectRequest, CauseReference = CauseReference(request), OrganisationId = organisationId,
                    Scope = ErasureScope.RequestPhotos, ScopeId = request.Id, RequestedAt = now, RequestedBy = actor.UserId,
                });
            }
            foreach (var (match, hold) in held)
                await SkipAsync(db, request, match, hold, records.GetValueOrDefault(match.OrganisationId)?.Id, now, cancellationToken);
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.SubjectRequestConfirmed, SubjectDeletionRequests.Target(request.Id),
                $"{counts.Photos} photo(s) with {counts.Faces} face(s) in {counts.Organisations} organisation(s) to erase, {counts.Held} held; " +
                $"erasure(s) {string.Join(", ", records.Values.Select(r => r.Id))}", request.OrganisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            staged = records.Count;
        }
        if (staged > 0)
            queue.Signal(staged);
        await changes.PublishAsync(new SubjectRequestsChanged(requestId));
        return Outcome<SubjectDeletionCounts>.Ok(counts);
    }

    /// <summary>The request's reference and id, within the record's column: the certificate names the request it carried out.</summary>
    private static string CauseReference(SubjectDeletionRequest request) => $"{request.Reference} (request {request.Id})";

    /// <summary>Selected matches, and those a legal hold on their gallery (or organisation) keeps, with the hold.</summary>
    private static async Task<(List<SubjectDeletionMatch> Selected, List<(SubjectDeletionMatch Match, LegalHold Hold)> Held)> SplitAsync(
        PortalDbContext db, Guid requestId, CancellationToken cancellationToken)
    {
        var matches = await db.SubjectDeletionMatches.Where(m => m.RequestId == requestId && m.Selected && db.GalleryImages.Any(i => i.Id == m.ImageId))
            .ToListAsync(cancellationToken);
        var checks = new Dictionary<Guid, HoldCheck>();
        var selected = new List<SubjectDeletionMatch>();
        var held = new List<(SubjectDeletionMatch, LegalHold)>();
        foreach (var match in matches)
        {
            if (!checks.TryGetValue(match.OrganisationId, out var check))
                checks[match.OrganisationId] = check = await HoldCheck.ReadAsync(db, match.OrganisationId, cancellationToken);
            if (check.Keeping(HoldScope.Gallery, match.GalleryId) is { } hold)
                held.Add((match, hold));
            else
                selected.Add(match);
        }
        return (selected, held);
    }

    private static async Task<SubjectDeletionCounts> CountAsync(PortalDbContext db, List<SubjectDeletionMatch> selected, int held,
        CancellationToken cancellationToken)
    {
        var images = selected.Select(m => m.ImageId).Distinct().ToList();
        var faces = await db.Faces.CountAsync(f => images.Contains(f.ImageId), cancellationToken);
        return new SubjectDeletionCounts(images.Count, faces, selected.Select(m => m.OrganisationId).Distinct().Count(), held);
    }

    private async Task SkipAsync(PortalDbContext db, SubjectDeletionRequest request, SubjectDeletionMatch match, LegalHold hold, Guid? recordId,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Deselected, so the erasure's targets never include it; the match keeps the hold for the page.
        match.Selected = false;
        match.HeldBy = hold.Id;
        db.ErasureSkips.Add(new ErasureSkip
        {
            ErasureRecordId = recordId, Scope = ErasureScope.Photo, ScopeId = match.ImageId, HoldId = hold.Id, At = now,
            Reason = $"Legal hold {hold.Id} on the {hold.Scope.Label().ToLowerInvariant()} keeps a photo matched by deletion request {request.Id}.",
        });
        await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.ErasureSkippedHeld, $"photo:{match.ImageId}",
            $"held by legal hold {hold.Id}; deletion request {request.Id} kept it", match.OrganisationId, cancellationToken);
        // Saved inside the transaction before the next entry: the chain reads its head from the database, so two unsaved
        // entries of one transaction would claim the same sequence.
        await db.SaveChangesAsync(cancellationToken);
    }
}
