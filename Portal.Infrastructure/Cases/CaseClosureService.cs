using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Cases;

/// <summary>Closing a case with its outcome: the retention clock of its probe photos starts then.</summary>
public sealed class CaseClosureService(
    IDbContextFactory<PortalDbContext> contextFactory,
    MembershipLookup memberships,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    /// <summary>
    /// Closes the case for partner staff of its organisation while it is approved (the case page's own rule,
    /// <see cref="MembershipLookup.StaffAsync"/>); another organisation's case is not found. The audit keeps ids and the
    /// outcome, never the note (it may name the child). The value is the case's due date.
    /// </summary>
    public async Task<Outcome<CaseRetention>> CloseAsync(Actor actor, Guid caseId, CaseOutcome outcome, string? note,
        CancellationToken cancellationToken = default)
    {
        var standing = await memberships.StaffAsync(actor.UserId, cancellationToken);
        if (standing.Membership is not { } membership)
            return Outcome<CaseRetention>.NotFound();
        if (standing.Refusal is { } refusal)
        {
            await auditLog.RecordAsync(actor.Name, AuditActions.CaseRefused, $"case:{caseId}", $"close refused: {refusal.Audited}",
                membership.OrganisationId, cancellationToken);
            return Outcome<CaseRetention>.Forbidden(refusal.Message);
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: two people closing at once get one closure and one clear refusal.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var searchCase = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId && c.OrganisationId == membership.OrganisationId, cancellationToken);
        if (searchCase is null)
            return Outcome<CaseRetention>.NotFound();
        var closed = CaseClosure.Close(searchCase, outcome, note, actor.UserId, timeProvider.GetUtcNow());
        if (!closed.Succeeded)
        {
            // Recorded within the open transaction: a second one would wait for this one's write lock.
            await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.CaseRefused, $"case:{caseId}", $"close refused: {closed.Kind}",
                membership.OrganisationId, cancellationToken);
            return closed.As<CaseRetention>();
        }
        var due = await RetentionDates.ForCaseAsync(db, searchCase, cancellationToken);
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.CaseClosed, $"case:{caseId}",
            $"outcome {searchCase.Outcome}; probe data due for deletion {due.DueAt:yyyy-MM-dd} ({due.Days} days)", membership.OrganisationId, cancellationToken);
        return Outcome<CaseRetention>.Ok(due);
    }
}
