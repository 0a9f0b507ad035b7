using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>What the audit chain records for an account since ADR 0010: <c>user:&lt;id&gt;</c>, never the e-mail.</summary>
public static class AuditActorKeys
{
    public static async Task<string> OfAsync(PortalDbContext db, string email)
    {
        var normalised = email.ToUpperInvariant();
        var id = await db.Users.Where(u => u.NormalizedEmail == normalised).Select(u => u.Id).SingleAsync();
        return $"user:{id}";
    }
}
