using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Messaging;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Organisations;

/// <summary>
/// Members and invitations of one organisation. An organisation admin manages only their own approved
/// organisation; a platform admin any. Asking about another organisation answers "not found", never more.
/// </summary>
public sealed class OrganisationMembers(
    IdentitySessions identity,
    IDbContextFactory<PortalDbContext> contextFactory,
    MembershipLookup memberships,
    IEmailSender emailSender,
    EmailLinks links,
    AuditLog auditLog,
    IAnonymousAudit anonymousAudit,
    TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<MemberView>?> ListMembersAsync(Actor actor, Guid organisationId)
    {
        if (!await MayManageAsync(actor, organisationId))
            return null;
        await using var db = await contextFactory.CreateDbContextAsync();
        var members = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId).OrderBy(u => u.Email).ToListAsync();
        var roles = (await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            join user in db.Users on userRole.UserId equals user.Id
                            where user.OrganisationId == organisationId
                            select new { userRole.UserId, role.Name }).ToListAsync())
            .ToLookup(r => r.UserId, r => r.Name!);
        return members.Select(m => new MemberView(m.Id, m.Email ?? "", m.DisplayName, roles[m.Id].Order(StringComparer.Ordinal).ToList(), m.IsOrganisationAdmin)).ToList();
    }

    public async Task<IReadOnlyList<InvitationView>?> ListInvitationsAsync(Actor actor, Guid organisationId)
    {
        if (!await MayManageAsync(actor, organisationId))
            return null;
        await using var db = await contextFactory.CreateDbContextAsync();
        var now = timeProvider.GetUtcNow();
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.OrganisationId == organisationId).ToListAsync();
        return invitations.OrderByDescending(i => i.CreatedAt)
            .Select(i => new InvitationView(i.Id, i.Email, i.Role, i.InvitedBy, i.CreatedAt, i.ExpiresAt, i.StateAt(now)))
            .ToList();
    }

    public async Task<Outcome> InviteAsync(Actor actor, Guid organisationId, string email, string role)
    {
        if (!await MayManageAsync(actor, organisationId))
            return Outcome.NotFound();
        if (!Roles.OrganisationBound.Contains(role))
            return Outcome.Invalid("Invite people as partner staff or reviewer.");
        email = email.Trim();
        await using var session = identity.Open();
        if (await session.Users.FindByEmailAsync(email) is not null)
            return Outcome.Conflict($"{email} already has an account. Ask the platform team to move it if needed.");

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync();
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == organisationId);
        db.Invitations.Add(new Invitation
        {
            OrganisationId = organisationId, Email = email, Role = role, TokenHash = Hash(token),
            InvitedBy = actor.Name, CreatedAt = now, ExpiresAt = now + Invitation.Lifetime,
        });
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.MemberInvited, $"organisation:{organisationId}",
            $"{email} invited as {Roles.Label(role)}", organisationId);
        await emailSender.SendAsync(new EmailMessage(email, $"You are invited to join {organisation.Name} on Reunite Portal",
            $"""
            {actor.Name} invites you to join {organisation.Name} on Reunite Portal as {Roles.Label(role)}.

            Accept within {Invitation.LifetimeInWords}, and choose your own password, here:

            {links.AcceptInvitation(token)}

            The link works once. If you did not expect this, ignore it.
            """));
        return Outcome.Ok;
    }

    public async Task<Outcome> RevokeInvitationAsync(Actor actor, Guid invitationId)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId);
        if (invitation is null || !await MayManageAsync(actor, invitation.OrganisationId))
            return Outcome.NotFound();
        if (invitation.StateAt(timeProvider.GetUtcNow()) != InvitationState.Open)
            return Outcome.Conflict("This invitation is no longer open.");
        invitation.RevokedAt = timeProvider.GetUtcNow();
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.InvitationRevoked, $"organisation:{invitation.OrganisationId}",
            $"invitation of {invitation.Email} revoked", invitation.OrganisationId);
        return Outcome.Ok;
    }

    /// <summary>Detaches a member: roles and organisation removed, account locked, open sessions ended.</summary>
    public async Task<Outcome> RemoveMemberAsync(Actor actor, string userId)
    {
        await using var session = identity.Open();
        var users = session.Users;
        var member = await users.FindByIdAsync(userId);
        if (member?.OrganisationId is not { } organisationId || !await MayManageAsync(actor, organisationId))
            return Outcome.NotFound();
        if (member.Id == actor.UserId)
            return Outcome.Forbidden("You cannot remove yourself; ask another admin of your organisation or the platform team.");

        var roles = (await users.GetRolesAsync(member)).Where(r => Roles.OrganisationBound.Contains(r)).ToList();
        // The user manager saves through the session's context; the entry joins the same transaction on it.
        var db = session.Db;
        await using var transaction = await db.Database.BeginTransactionAsync();
        await users.RemoveFromRolesAsync(member, roles);
        member.OrganisationId = null;
        member.IsOrganisationAdmin = false;
        member.LockoutEnd = DateTimeOffset.MaxValue;
        await users.UpdateAsync(member);
        await users.UpdateSecurityStampAsync(member);
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.MemberRemoved, $"user:{member.Id}",
            $"{member.Email} removed from organisation {organisationId}; account locked", organisationId);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return Outcome.Ok;
    }

    /// <summary>The invitation a link points at, if it can still be accepted.</summary>
    public async Task<(Invitation Invitation, string OrganisationName)?> FindOpenInvitationAsync(string token)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var hash = Hash(token);
        var row = await (from invitation in db.Invitations
                         join organisation in db.Organisations on invitation.OrganisationId equals organisation.Id
                         where invitation.TokenHash == hash
                         select new { invitation, organisation.Name, organisation.Status }).AsNoTracking().FirstOrDefaultAsync();
        if (row is null || row.invitation.StateAt(timeProvider.GetUtcNow()) != InvitationState.Open || row.Status != OrganisationStatus.Approved)
            return null;
        return (row.invitation, row.Name);
    }

    /// <summary>Creates the invitee's account. A refused post is counted per address and window, not audited one by one.</summary>
    public async Task<Outcome> AcceptAsync(string token, string displayName, string password, string remoteAddress = "unknown")
    {
        if (await FindOpenInvitationAsync(token) is not { } found)
        {
            anonymousAudit.Note(new AnonymousEvent(AuditActions.InvitationRefused, "invitation:unknown", remoteAddress,
                "invitation posts with a link that is unknown, used, revoked or expired"));
            return Outcome.Invalid(Invitation.NoLongerValid);
        }
        var invitation = found.Invitation;
        await using var session = identity.Open();
        var db = session.Db;
        var users = session.Users;
        await using var transaction = await db.Database.BeginTransactionAsync();
        // Single use, even when two browsers submit at once: only one conditional update can win.
        var now = timeProvider.GetUtcNow();
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now));
        if (claimed == 0)
        {
            anonymousAudit.Note(new AnonymousEvent(AuditActions.InvitationRefused, $"invitation:{invitation.Id}", remoteAddress,
                "invitation posts for an invitation used a moment before"));
            return Outcome.Conflict("This invitation was just used.");
        }
        var user = new ApplicationUser
        {
            UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true,
            DisplayName = displayName.Trim(), OrganisationId = invitation.OrganisationId, CreatedAt = now,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
            return Outcome.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, invitation.Role);
        await auditLog.AppendWithinAsync(db, invitation.Email, AuditActions.MemberJoined, $"user:{user.Id}",
            $"{invitation.Email} joined {found.OrganisationName} as {Roles.Label(invitation.Role)} (invited by {invitation.InvitedBy})", invitation.OrganisationId);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return Outcome.Ok;
    }

    private async Task<bool> MayManageAsync(Actor actor, Guid organisationId)
    {
        if (actor.IsPlatformAdmin)
            return true;
        var membership = await memberships.FindAsync(actor.UserId);
        return membership is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved }
               && membership.OrganisationId == organisationId;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
