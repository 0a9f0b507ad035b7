using Microsoft.EntityFrameworkCore;
using Portal.Domain.Retention;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Deletes the copies of sent e-mails (recipients' addresses, invitation and reset links) kept in the pickup folder once
/// the published schedule's period for them is over. With SMTP delivery the folder stays empty and this finds nothing.
/// </summary>
public sealed class SentMailExpiry(IDbContextFactory<PortalDbContext> contextFactory, IMailPickup pickup, TimeProvider timeProvider)
{
    public async Task<int> DeleteDueAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var days = await db.RetentionRules.Where(r => r.Kind == DataKind.SentMail).Select(r => (int?)r.MaxDays).FirstOrDefaultAsync(cancellationToken);
        // No rule (a schedule seeded before this kind existed, before start-up adds it): keep everything rather than guess.
        return days is { } keep ? pickup.DeleteWrittenBefore(timeProvider.GetUtcNow().AddDays(-keep)) : 0;
    }
}
