using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;

namespace Portal.Web.Hosting;

/// <summary>
/// Caps on what one request may make the server read. Photos reach the portal through the circuit (streamed in
/// small chunks by InputFile), never as HTTP bodies, so a form post or a circuit message needs little: without
/// these, an anonymous visitor could post 30 MB bodies with a thousand 4 MB fields to the sign-in page and have
/// every one of them parsed into memory before the rate limiter's per-minute budget ran out.
/// </summary>
internal static class RequestLimits
{
    /// <summary>The largest form post a page of the portal sends (the partner application, with its mission text).</summary>
    public const int MaxFormBytes = 128 * 1024;

    /// <summary>The largest request body Kestrel reads; the nginx sample (deploy/nginx) allows the same.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 100;
            form.KeyLengthLimit = 256;
            form.ValueLengthLimit = MaxFormBytes;
            form.MultipartBodyLengthLimit = MaxFormBytes;
            form.BufferBodyLengthLimit = MaxFormBytes;
        });
        // The circuit's default, stated: a message carries an event or an upload chunk, never a whole file.
        services.Configure<HubOptions>(hub => hub.MaximumReceiveMessageSize = 32 * 1024);
        return services;
    }

    /// <summary>Kestrel refuses larger bodies before any middleware reads them.</summary>
    public static WebApplicationBuilder UseRequestBodyLimit(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        return builder;
    }
}
