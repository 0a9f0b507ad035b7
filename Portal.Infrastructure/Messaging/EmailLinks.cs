using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Messaging;

/// <summary>
/// Builds every link that goes out by e-mail, from the configured <c>Portal:PublicBaseUrl</c>. Never from the
/// request: its Host header is chosen by the client, and a poisoned one would mail people a link to another site.
/// </summary>
public sealed class EmailLinks(IOptions<PortalOptions> options)
{
    public string ConfirmEmail(string userId, string token) =>
        Absolute($"Account/ConfirmEmail?userId={Uri.EscapeDataString(userId)}&code={EncodeToken(token)}");

    public string AcceptInvitation(string token) => Absolute($"invitations/accept?token={Uri.EscapeDataString(token)}");

    public string SignIn() => Absolute("Account/Login");

    public static string EncodeToken(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? DecodeToken(string code)
    {
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private string Absolute(string path)
    {
        var baseUrl = options.Value.PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(baseUrl))
            throw new InvalidOperationException(
                $"{PortalOptions.Section}:PublicBaseUrl is not set, so no link can be e-mailed. Set it to the portal's public address.");
        return $"{baseUrl.TrimEnd('/')}/{path}";
    }
}
