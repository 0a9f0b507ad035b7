using Microsoft.EntityFrameworkCore;
using Portal.Infrastructure.Common;

namespace Portal.Infrastructure.Identity;

/// <summary>
/// Ends the open sessions of whole organisations by renewing their members' security stamps: each session
/// notices at once through <see cref="SessionsEnded"/> (in every process on PostgreSQL), or at its next
/// revalidation (at most five minutes) where that message does not reach it.
/// </summary>
public sealed class SessionTerminator(IdentitySessions identity, Notifier<SessionsEnded> sessionsEnded)
{
    public async Task EndSessionsOfAsync(IReadOnlyCollection<Guid> organisationIds, CancellationToken cancellationToken = default)
    {
        if (organisationIds.Count == 0)
            return;
        await using (var session = identity.Open())
        {
            var users = session.Users;
            var members = await users.Users
                .Where(u => u.OrganisationId != null && organisationIds.Contains(u.OrganisationId.Value))
                .ToListAsync(cancellationToken);
            foreach (var member in members)
                await users.UpdateSecurityStampAsync(member);
        }
        await sessionsEnded.PublishAsync(new SessionsEnded([.. organisationIds], []));
    }
}
