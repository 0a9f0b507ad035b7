using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Security".</summary>
public sealed class SecurityOptions
{
    public const string Section = "Portal:Security";

    /// <summary>
    /// How often an open session re-reads the user's security stamp. A suspension, a role change or
    /// a new moratorium reaches open sessions within this interval, so it is capped at five minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Platform admins must enrol an authenticator before any admin page opens.</summary>
    public bool RequireTwoFactorForAdmins { get; set; } = true;

    /// <summary>
    /// Redirect to HTTPS and mark cookies Secure. Unset: on outside Development. Off behind a TLS-terminating proxy
    /// only together with Portal:Network (forwarded headers), so the portal still knows the request was HTTPS.
    /// </summary>
    public bool? RequireHttps { get; set; }

    [Range(3, 20)]
    public int MaxFailedAccessAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Partner applications accepted from one network address per hour.</summary>
    [Range(1, 10_000)]
    public int ApplicationsPerHourPerAddress { get; set; } = 5;

    /// <summary>Sign-in form posts from one network address per minute (lockout protects each account as well).</summary>
    [Range(1, 100_000)]
    public int SignInsPerMinutePerAddress { get; set; } = 30;

    /// <summary>Confirmation links sent again for one account per hour.</summary>
    [Range(1, 100)]
    public int ConfirmationResendsPerHourPerAccount { get; set; } = 3;

    /// <summary>Requests to send a confirmation link again from one network address per hour, whatever the account.</summary>
    [Range(1, 10_000)]
    public int ConfirmationResendsPerHourPerAddress { get; set; } = 10;

    /// <summary>Posts of the invitation-acceptance form from one network address per minute.</summary>
    [Range(1, 100_000)]
    public int InvitationPostsPerMinutePerAddress { get; set; } = 10;

    /// <summary>E-mail confirmation requests (the link's page) from one network address per minute.</summary>
    [Range(1, 100_000)]
    public int EmailConfirmationsPerMinutePerAddress { get; set; } = 10;

    /// <summary>Anonymous events are counted per address and kind and written as one audit entry per window.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan AnonymousAuditWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Distinct (address, kind) keys counted per window; events of further addresses share one entry per kind.</summary>
    [Range(1, 100_000)]
    public int AnonymousAuditAddresses { get; set; } = 200;
}
