using System.Security.Cryptography;
using System.Text;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// Keyed hashes that stand in the audit chain for personal values that are not an account: an e-mail address
/// that belongs to nobody (an applicant, a name tried at sign-in) or a client address. HMAC with the audit key,
/// so the same value always gives the same pseudonym (an admin can still follow one address or find one e-mail),
/// but nobody without the key can test guesses against the log (ADR 0010).
/// </summary>
public sealed class AuditPseudonyms(AuditKey key)
{
    private const int HexLength = 16;

    /// <summary><c>email:&lt;16 hex&gt;</c>; case and surrounding spaces do not matter, as for sign-in names.</summary>
    public string Email(string email) => Keyed("email", email.Trim().ToUpperInvariant());

    /// <summary><c>ip:&lt;16 hex&gt;</c> for a client address (or the rate limiter's key of one).</summary>
    public string Address(string address) => Keyed("ip", address.Trim());

    /// <summary>Something a visitor sent (a name tried): an e-mail as <see cref="Email"/>, anything else <c>text:&lt;16 hex&gt;</c>.</summary>
    public string Sent(string text) => text.Contains('@', StringComparison.Ordinal) ? Email(text) : Keyed("text", text);

    private string Keyed(string kind, string value)
    {
        var mac = HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes($"{kind}:{value}"));
        return $"{kind}:{Convert.ToHexStringLower(mac)[..HexLength]}";
    }
}
