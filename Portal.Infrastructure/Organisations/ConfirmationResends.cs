using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Organisations;

/// <summary>
/// "Send the link again", limited per account and per network address. The answer is the same whether the
/// address has an account, is already confirmed, or has used up its allowance, so it tells nobody which
/// addresses have accounts; only a request over the per-address limit is told so.
/// </summary>
public sealed class ConfirmationResends(
    IdentitySessions identity,
    ApplicationMails mails,
    IAuditLog auditLog,
    AuditPseudonyms pseudonyms,
    IAnonymousAudit anonymousAudit,
    IOptions<SecurityOptions> security,
    TimeProvider timeProvider)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private readonly FixedWindowLimiter _limits = new(timeProvider);

    public string Answer =>
        "If this address belongs to an account whose email is not confirmed yet, a new link is on its way. " +
        $"At most {security.Value.ConfirmationResendsPerHourPerAccount} links an hour are sent for one account; " +
        "if none arrives, check your spam folder or try again later.";

    /// <param name="remoteAddress">The requester's network address; null for a signed-in account asking for its own link.</param>
    public async Task<Outcome> ResendAsync(string email, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (remoteAddress is not null
            && !_limits.TryTake($"address:{remoteAddress}", security.Value.ConfirmationResendsPerHourPerAddress, Hour))
        {
            // Whoever asks is not signed in: counted per address and window, never one entry per request.
            anonymousAudit.Note(new AnonymousEvent(AuditActions.RateLimited, "path:/Account/ResendEmailConfirmation", remoteAddress,
                "requests for confirmation links refused by the rate limit"));
            return Outcome.Blocked("Too many requests for confirmation links from your network address. Nothing was sent. Try again in an hour.");
        }

        await using var session = identity.Open();
        var users = session.Users;
        var user = email.Length == 0 ? null : await users.FindByEmailAsync(email);
        if (user is null || user.EmailConfirmed)
            return Outcome.Ok;

        var from = remoteAddress ?? "the signed-in account";
        if (!_limits.TryTake($"account:{user.Id}", security.Value.ConfirmationResendsPerHourPerAccount, Hour))
        {
            anonymousAudit.Note(new AnonymousEvent(AuditActions.ConfirmationResendRefused, $"user:{user.Id}", from,
                $"requests for confirmation links over the {security.Value.ConfirmationResendsPerHourPerAccount}-an-hour allowance of the account"));
            return Outcome.Ok;
        }
        await mails.SendConfirmationAsync(users, user, cancellationToken);
        // The link went out: its entry is written even if the caller has gone.
        await auditLog.RecordAsync(user.Email!, AuditActions.ConfirmationResent, $"user:{user.Id}",
            $"confirmation link sent again; from {(remoteAddress is null ? from : pseudonyms.Address(remoteAddress))}", user.OrganisationId, CancellationToken.None);
        return Outcome.Ok;
    }
}
