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
using Portal.Infrastructure.Common;
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
    TimeProvider timeProvider,
    Notifier<SessionsEnded> sessionsEnded)
{
    /// <summary>The organisation's members; "not found" for anyone who may not manage it, so another organisation's id tells nothing.</summary>
    public async Task<Outcome<IReadOnlyList<MemberView>>> ListMembersAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken = default)
    {
        if (!await MayManageAsync(actor, organisationId, cancellationToken))
            return Outcome<IReadOnlyList<MemberView>>.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var members = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId).OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = (await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            join user in db.Users on userRole.UserId equals user.Id
                            where user.OrganisationId == organisationId
                            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);
        return Outcome<IReadOnlyList<MemberView>>.Ok(members.Select(m => new MemberView(m.Id, m.Email ?? "", m.DisplayName,
            roles[m.Id].Order(StringComparer.Ordinal).ToList(), m.IsOrganisationAdmin)).ToList());
    }

    /// <summary>The organisation's invitations, newest first; "not found" like <see cref="ListMembersAsync"/>.</summary>
    public async Task<Outcome<IReadOnlyList<InvitationView>>> ListInvitationsAsync(Actor actor, Guid organisationId,
        CancellationToken cancellationToken = default)
    {
        if (!await MayManageAsync(actor, organisationId, cancellationToken))
            return Outcome<IReadOnlyList<InvitationView>>.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.OrganisationId == organisationId).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<InvitationView>>.Ok(invitations.OrderByDescending(i => i.CreatedAt)
            .Select(i => new InvitationView(i.Id, i.Email, i.Role, i.InvitedBy, i.CreatedAt, i.ExpiresAt, i.StateAt(now)))
            .ToList());
    }

    public async Task<Outcome> InviteAsync(Actor actor, Guid organisationId, string email, string role,
        CancellationToken cancellationToken = default)
    {
        if (!await MayManageAsync(actor, organisationId, cancellationToken))
            return Outcome.NotFound();
        if (!Roles.OrganisationBound.Contains(role))
            return Outcome.Invalid("Invite people as partner staff or reviewer.");
        email = email.Trim();
        await using var session = identity.Open();
        if (await session.Users.FindByEmailAsync(email) is not null)
            return Outcome.Conflict($"{email} already has an account. Ask the platform team to move it if needed.");

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var organisation = await db.Organisations.AsNoTracking().FirstAsync(o => o.Id == organisationId, cancellationToken);
        var invitation = new Invitation
        {
            OrganisationId = organisationId, Email = email, Role = role, TokenHash = Hash(token),
            InvitedBy = actor.Name, CreatedAt = now, ExpiresAt = now + Invitation.Lifetime,
        };
        db.Invitations.Add(invitation);
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.MemberInvited, $"organisation:{organisationId}",
            $"invitation {invitation.Id} sent as {Roles.Label(role)}", organisationId, cancellationToken);
        await emailSender.SendAsync(new EmailMessage(email, $"You are invited to join {organisation.Name} on Reunite Portal",
            $"""
            {actor.Name} invites you to join {organisation.Name} on Reunite Portal as {Roles.Label(role)}.

            Accept within {Invitation.LifetimeInWords}, and choose your own password, here:

            {links.AcceptInvitation(token)}

            The link works once. If you did not expect this, ignore it.
            """), cancellationToken);
        return Outcome.Ok;
    }

    public async Task<Outcome> RevokeInvitationAsync(Actor actor, Guid invitationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: an invitation being accepted at this moment is either still open here or used.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null || !await MayManageAsync(actor, invitation.OrganisationId, cancellationToken))
            return Outcome.NotFound();
        if (invitation.StateAt(timeProvider.GetUtcNow()) != InvitationState.Open)
            return Outcome.Conflict("This invitation is no longer open.");
        invitation.RevokedAt = timeProvider.GetUtcNow();
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.InvitationRevoked, $"organisation:{invitation.OrganisationId}",
            $"invitation {invitation.Id} revoked", invitation.OrganisationId, cancellationToken);
        return Outcome.Ok;
    }

    /// <summary>Detaches a member: roles and organisation removed, account locked, open sessions ended.</summary>
    public async Task<Outcome> RemoveMemberAsync(Actor actor, string userId, CancellationToken cancellationToken = default)
    {
        await using var session = identity.Open();
        var users = session.Users;
        // The user manager saves through the session's context; the entry joins the same transaction on it. The member and
        // their roles are read under the write lock: the platform admin role given a moment before must be seen here.
        var db = session.Db;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var member = await users.FindByIdAsync(userId);
        if (member?.OrganisationId is not { } organisationId || !await MayManageAsync(actor, organisationId, cancellationToken))
            return Outcome.NotFound();
        if (member.Id == actor.UserId)
            return Outcome.Forbidden("You cannot remove yourself; ask another admin of your organisation or the platform team.");
        var current = await users.GetRolesAsync(member);
        // Removal locks the account for good but would leave it the platform admin role, still counted among the admins
        // who can confirm: a platform admin's account is changed by platform admins, on /admin/users.
        if (current.Contains(Roles.PlatformAdmin))
            return Outcome.Forbidden("This member is also a platform admin, so only a platform admin can change their account, at /admin/users.");

        var roles = current.Where(r => Roles.OrganisationBound.Contains(r)).ToList();
        await users.RemoveFromRolesAsync(member, roles);
        member.OrganisationId = null;
        member.IsOrganisationAdmin = false;
        member.LockoutEnd = DateTimeOffset.MaxValue;
        // Starts the removed-accounts retention clock; the organisation left decides the period and any hold.
        member.RemovedAt = timeProvider.GetUtcNow();
        member.RemovedFromOrganisationId = organisationId;
        await users.UpdateAsync(member);
        await users.UpdateSecurityStampAsync(member);
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.MemberRemoved, $"user:{member.Id}",
            $"user:{member.Id} removed from organisation {organisationId}; account locked", organisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await sessionsEnded.PublishAsync(SessionsEnded.OfUser(member.Id));
        return Outcome.Ok;
    }

    /// <summary>The invitation a link points at, or "not valid" with the one message when it can no longer be accepted.</summary>
    public async Task<Outcome<(Invitation Invitation, string OrganisationName)>> FindOpenInvitationAsync(string token,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var hash = Hash(token);
        var row = await (from invitation in db.Invitations
                         join organisation in db.Organisations on invitation.OrganisationId equals organisation.Id
                         where invitation.TokenHash == hash
                         select new { invitation, organisation.Name, organisation.Status }).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (row is null || row.invitation.StateAt(timeProvider.GetUtcNow()) != InvitationState.Open || row.Status != OrganisationStatus.Approved)
            return Outcome<(Invitation, string)>.Invalid(Invitation.NoLongerValid);
        return Outcome<(Invitation, string)>.Ok((row.invitation, row.Name));
    }

    /// <summary>Creates the invitee's account. A refused post is counted per address and window, not audited one by one.</summary>
    public async Task<Outcome> AcceptAsync(string token, string displayName, string password, string remoteAddress = "unknown",
        CancellationToken cancellationToken = default)
    {
        if (await FindOpenInvitationAsync(token, cancellationToken) is not { Succeeded: true, Value: var found })
        {
            anonymousAudit.Note(new AnonymousEvent(AuditActions.InvitationRefused, "invitation:unknown", remoteAddress,
                "invitation posts with a link that is unknown, used, revoked or expired"));
            return Outcome.Invalid(Invitation.NoLongerValid);
        }
        var invitation = found.Invitation;
        await using var session = identity.Open();
        var db = session.Db;
        var users = session.Users;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        // Single use, even when two browsers submit at once: only one conditional update can win.
        var now = timeProvider.GetUtcNow();
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now), cancellationToken);
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
            $"invitation {invitation.Id} accepted: user:{user.Id} joined {found.OrganisationName} as {Roles.Label(invitation.Role)} (invited by {invitation.InvitedBy})", invitation.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok;
    }

    private async Task<bool> MayManageAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken)
    {
        if (actor.IsPlatformAdmin)
            return true;
        var membership = await memberships.FindAsync(actor.UserId, cancellationToken);
        return membership is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved }
               && membership.OrganisationId == organisationId;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
