using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Moratoria;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// What erasing a removed member's account changes, inside the caller's write transaction: the copies of their e-mail kept
/// beside records they made (ADR 0010's list) become the neutral label, and the Identity row becomes a locked shell under a
/// non-personal name. The row's id stays, so <c>user:&lt;id&gt;</c> in the audit chain and in decisions keeps its meaning.
/// </summary>
internal static class AccountScrub
{
    public const string Label = AuditActor.ErasedLabel;

    /// <summary>The user name and e-mail an erased account gets: unique, not a person's, and never deliverable (RFC 2606).</summary>
    public static string ErasedName(string userId) => $"erased-{userId}@invalid";

    /// <summary>Blanks every stored copy of the person's names (user name, e-mail; matched as stored); returns how many rows changed.</summary>
    public static async Task<int> BlankCopiesAsync(PortalDbContext db, ApplicationUser user, CancellationToken cancellationToken)
    {
        // The columns hold the sign-in name the person acted under (the e-mail); the display name is kept nowhere else.
        var names = new[] { user.UserName, user.Email }.OfType<string>().Where(n => n.Length > 0).Distinct().ToList();
        var id = user.Id;
        return await db.ReviewDecisions.Where(d => d.ReviewerId == id || names.Contains(d.ReviewerName))
                   .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReviewerName, Label), cancellationToken)
               + await db.Cases.Where(c => c.CreatedBy == id || names.Contains(c.CreatedByName))
                   .ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedByName, Label), cancellationToken)
               + await db.GalleryImages.Where(i => names.Contains(i.UploadedBy))
                   .ExecuteUpdateAsync(s => s.SetProperty(i => i.UploadedBy, Label), cancellationToken)
               + await db.Galleries.Where(g => names.Contains(g.CreatedBy))
                   .ExecuteUpdateAsync(s => s.SetProperty(g => g.CreatedBy, Label), cancellationToken)
               + await db.Set<MoratoriumRevision>().Where(r => names.Contains(r.Actor))
                   .ExecuteUpdateAsync(s => s.SetProperty(r => r.Actor, Label), cancellationToken)
               + await db.OrganisationStatusChanges.Where(c => names.Contains(c.Actor))
                   .ExecuteUpdateAsync(s => s.SetProperty(c => c.Actor, Label), cancellationToken)
               + await db.Invitations.Where(i => names.Contains(i.Email))
                   .ExecuteUpdateAsync(s => s.SetProperty(i => i.Email, Label), cancellationToken)
               + await db.Invitations.Where(i => names.Contains(i.InvitedBy))
                   .ExecuteUpdateAsync(s => s.SetProperty(i => i.InvitedBy, Label), cancellationToken)
               + await db.SectorThresholds.Where(t => names.Contains(t.UpdatedBy))
                   .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedBy, Label), cancellationToken);
    }

    /// <summary>Removes the sign-in secrets kept beside the row (2FA key and recovery codes, external logins, claims, roles).</summary>
    public static async Task RemoveSecretsAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserLogins.Where(l => l.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserClaims.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        await db.UserRoles.Where(r => r.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The Identity row without anything personal or usable for signing in; locked for good.</summary>
    public static void Anonymise(ApplicationUser user, DateTimeOffset now)
    {
        var name = ErasedName(user.Id);
        user.UserName = user.Email = name;
        user.NormalizedUserName = user.NormalizedEmail = name.ToUpperInvariant();
        user.EmailConfirmed = false;
        user.DisplayName = Label;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
        // New stamps: any cookie or token issued to the person no longer validates.
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.AccessFailedCount = 0;
        user.ErasedAt = now;
    }
}
