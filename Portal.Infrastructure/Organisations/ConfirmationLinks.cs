using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Infrastructure.Organisations;

/// <summary>Builds the links that go out by email. The base address comes from the request that caused the mail.</summary>
internal static class ConfirmationLinks
{
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

    public static string ConfirmEmail(string baseUrl, string userId, string token) =>
        $"{baseUrl.TrimEnd('/')}/Account/ConfirmEmail?userId={Uri.EscapeDataString(userId)}&code={EncodeToken(token)}";

    public static string AcceptInvitation(string baseUrl, string token) =>
        $"{baseUrl.TrimEnd('/')}/invitations/accept?token={Uri.EscapeDataString(token)}";
}
