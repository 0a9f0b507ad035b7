using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// Per-address limits on the anonymous forms that create accounts or test passwords. They apply to the
/// HTTP form posts; these pages render statically for exactly that reason. E-mail confirmation is limited on
/// every method, since its link is opened with a GET. Refusals are audited per address and window, not one by one.
/// </summary>
internal static class FormRateLimits
{
    public static IServiceCollection AddFormRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
        });

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var security = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var address = NetworkAddress.KeyOf(context.Connection.RemoteIpAddress);
        var path = context.Request.Path;
        if (path.StartsWithSegments("/Account/ConfirmEmail", StringComparison.OrdinalIgnoreCase))
            return FixedWindow($"confirm-email:{address}", security.EmailConfirmationsPerMinutePerAddress, TimeSpan.FromMinutes(1));
        if (!HttpMethods.IsPost(context.Request.Method))
            return RateLimitPartition.GetNoLimiter("");
        if (path.StartsWithSegments("/invitations/accept", StringComparison.OrdinalIgnoreCase))
            return FixedWindow($"invitation:{address}", security.InvitationPostsPerMinutePerAddress, TimeSpan.FromMinutes(1));
        if (path.StartsWithSegments("/Account/ResendEmailConfirmation", StringComparison.OrdinalIgnoreCase))
            return FixedWindow($"resend:{address}", security.ConfirmationResendsPerHourPerAddress, TimeSpan.FromHours(1));
        if (path.StartsWithSegments("/partners/apply", StringComparison.OrdinalIgnoreCase))
            return FixedWindow($"apply:{address}", security.ApplicationsPerHourPerAddress, TimeSpan.FromHours(1));
        // The password, the authenticator code and the recovery code share one budget: each is a guess at a secret.
        if (SignInPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return FixedWindow($"sign-in:{address}", security.SignInsPerMinutePerAddress, TimeSpan.FromMinutes(1));
        return RateLimitPartition.GetNoLimiter("");
    }

    private static readonly string[] SignInPaths = ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    /// <summary>The limited paths as configured, not as sent: the request's spelling must not make new counting keys.</summary>
    private static readonly (string Path, string What)[] Limited =
    [
        ("/partners/apply", "partner-application posts"),
        ("/Account/LoginWith2fa", "authenticator-code posts"),
        ("/Account/LoginWithRecoveryCode", "recovery-code posts"),
        ("/Account/Login", "sign-in posts"),
        ("/Account/ConfirmEmail", "e-mail confirmation requests"),
        ("/invitations/accept", "invitation posts"),
        ("/Account/ResendEmailConfirmation", "requests for confirmation links"),
    ];

    private static RateLimitPartition<string> FixedWindow(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        });

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var address = NetworkAddress.KeyOf(http.Connection.RemoteIpAddress);
        var (path, what) = Limited.FirstOrDefault(l => http.Request.Path.StartsWithSegments(l.Path, StringComparison.OrdinalIgnoreCase),
            (Path: "other", What: "requests"));
        http.RequestServices.GetRequiredService<IAnonymousAudit>().Note(new AnonymousEvent(AuditActions.RateLimited,
            $"path:{path}", address, $"{what} refused by the rate limit"));
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(
            "Too many attempts from your network address. Nothing was saved. Wait a while, then try again.", cancellationToken);
    }
}
