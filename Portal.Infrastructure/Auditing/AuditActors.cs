using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// The display details of the chain's actors, kept outside it (ADR 0010). Erasing them blanks a departed member's
/// name and e-mail; the chain records only <c>user:&lt;id&gt;</c>, so it verifies as before.
/// </summary>
public sealed class AuditActors(IDbContextFactory<PortalDbContext> contextFactory, AuditLog auditLog, TimeProvider timeProvider)
{
    /// <summary>For a platform admin; the account-erasure step of the retention schedule calls the other overload.</summary>
    public async Task<Outcome> EraseAsync(Actor admin, string userId, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(admin, "erase a member's details from the audit log") is { } refusal)
            return Outcome.Forbidden(refusal);
        return await EraseAsync(userId, timeProvider.GetUtcNow(), admin.Name, cancellationToken);
    }

    /// <summary>Blanks the display name and e-mail of <c>user:<paramref name="userId"/></c> as of <paramref name="at"/>, audited.</summary>
    public Task<Outcome> EraseAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        EraseAsync(userId, at, "system", cancellationToken);

    private async Task<Outcome> EraseAsync(string userId, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var outcome = await EraseWithinAsync(db, userId, at, by, cancellationToken);
        if (!outcome.Succeeded)
            return outcome;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>
    /// The same erasure inside the caller's write transaction on <paramref name="db"/>, its entry appended, nothing saved:
    /// the account-erasure step blanks the audit details with every other copy of the person's details at once.
    /// </summary>
    internal async Task<Outcome> EraseWithinAsync(PortalDbContext db, string userId, DateTimeOffset at, string by, CancellationToken cancellationToken)
    {
        var key = $"user:{userId}";
        var actor = await db.AuditActors.FirstOrDefaultAsync(a => a.Key == key, cancellationToken);
        if (actor is null)
            return Outcome.NotFound("The audit log has no details of this account.");
        if (actor.ErasedAt is not null)
            return Outcome.Ok;
        (actor.DisplayName, actor.Email, actor.ErasedAt) = (null, null, at);
        await auditLog.AppendWithinAsync(db, by, AuditActions.ActorErased, key,
            "display name and e-mail erased from the audit log's actor details; the chain keeps the id", null, cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>What the viewer shows for an actor key: "Name &lt;e-mail&gt;", the erased label, or the key itself.</summary>
    public static string Label(string key, string? displayName, string? email, DateTimeOffset? erasedAt) =>
        erasedAt is not null ? AuditActor.ErasedLabel
        : email is null ? key
        : string.IsNullOrWhiteSpace(displayName) ? email
        : $"{displayName} <{email}>";
}
