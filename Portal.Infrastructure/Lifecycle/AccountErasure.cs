using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Domain.Auditing;
using Portal.Domain.Lifecycle;
using Portal.Domain.Retention;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The schedule's "accounts of removed members": once the period after removal has passed (the platform's, or the shorter one
/// of the organisation the member left), the person's details are erased (<see cref="AccountScrub"/>) and their audit actor
/// details blanked, one write transaction per account, audited with ids only. Run by each organisation's retention sweep, so
/// daily and by "run now". A legal hold on that organisation keeps the details; the skip is audited like the sweep's.
/// Only organisation members can be removed today, so platform admins are never erased here.
/// </summary>
public sealed partial class AccountErasure(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    AuditActors auditActors,
    ILogger<AccountErasure> logger)
{
    internal async Task<(int Erased, int Skipped)> RunAsync(Guid organisationId, RetentionPeriods periods, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        List<string> due;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var removed = await db.Users.AsNoTracking()
                .Where(u => u.RemovedFromOrganisationId == organisationId && u.RemovedAt != null && u.ErasedAt == null)
                .Select(u => new { u.Id, RemovedAt = u.RemovedAt!.Value }).ToListAsync(cancellationToken);
            due = removed.Where(u => periods.DueAt(DataKind.RemovedAccounts, u.RemovedAt) <= now).Select(u => u.Id).ToList();
        }
        int erased = 0, skipped = 0;
        foreach (var userId in due)
        {
            switch (await EraseAsync(organisationId, userId, now, cancellationToken))
            {
                case true: erased++; break;
                case false: skipped++; break;
            }
        }
        if (due.Count > 0)
            LogErased(logger, organisationId, erased, skipped);
        return (erased, skipped);
    }

    /// <summary>True when erased, false when a hold kept it, null when the account is no longer a removed member's (idempotent).</summary>
    private async Task<bool?> EraseAsync(Guid organisationId, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: a platform admin attaching the account again meanwhile either wins, or sees it erased.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is not { ErasedAt: null, OrganisationId: null, RemovedAt: not null } || await db.UserRoles.AnyAsync(r => r.UserId == userId, cancellationToken))
            return null; // erased already, or given an organisation or a role again: no longer a removed member's account
        var target = $"user:{userId}";
        if ((await HoldCheck.ReadAsync(db, organisationId, cancellationToken)).Keeping(HoldScope.Organisation, organisationId) is { } hold)
        {
            await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.ErasureSkippedHeld, target,
                $"held by legal hold {hold.Id} on organisation {organisationId}; the removed member's details are kept", organisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return false;
        }

        var copies = await AccountScrub.BlankCopiesAsync(db, user, cancellationToken);
        await AccountScrub.RemoveSecretsAsync(db, userId, cancellationToken);
        var days = (int)(now - user.RemovedAt.Value).TotalDays;
        AccountScrub.Anonymise(user, now);
        // Saved before the next entry: each entry is chained on the head as stored.
        await db.SaveChangesAsync(cancellationToken);
        await auditActors.EraseWithinAsync(db, userId, now, ErasureAudit.Actor, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.AccountErased, target,
            $"{target} erased {days} day(s) after removal from organisation {organisationId}: sign-in details, name and second factor removed; " +
            $"{copies} stored cop(ies) of the name replaced", organisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed accounts of organisation {OrganisationId}: {Erased} erased, {Skipped} kept by a legal hold")]
    private static partial void LogErased(ILogger logger, Guid organisationId, int erased, int skipped);
}
