using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// A change through the user manager and its audit entry, in one transaction. Scoped: the user store saves through
/// the scope's <see cref="PortalDbContext"/>, and the transaction is opened on that same context.
/// </summary>
public sealed class AuditedIdentityChange(PortalDbContext db, AuditLog auditLog)
{
    /// <summary>Runs <paramref name="change"/>; when it reports success the entry is added and both commit, otherwise neither.</summary>
    public async Task<bool> RunAsync(Func<Task<bool>> change, string actor, string action, string target, string details,
        Guid? organisationId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (!await change())
            return false;
        await auditLog.AppendWithinAsync(db, actor, action, target, details, organisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
