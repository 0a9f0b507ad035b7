using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Auditing;

/// <summary>
/// The hashing rule of the audit chain, kept pure so it can be checked anywhere. Entries are sealed with
/// HMAC-SHA256 under a key kept outside the database: whoever can write the database but not read the key cannot
/// recompute a hash. The plain SHA-256 rule survives only to check chains written before keys (see ADR 0005).
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first row.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(byte[]? key,
        long sequence, DateTimeOffset timestamp, string actor, string action, string target,
        string details, Guid? organisationId, string previousHash)
    {
        // Length-prefixed fields: no choice of text in one field can imitate a field boundary.
        var builder = new StringBuilder();
        Append(builder, sequence.ToString(CultureInfo.InvariantCulture));
        Append(builder, timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(builder, actor);
        Append(builder, action);
        Append(builder, target);
        Append(builder, details);
        Append(builder, organisationId?.ToString("N") ?? "");
        Append(builder, previousHash);
        var data = Encoding.UTF8.GetBytes(builder.ToString());
        return Convert.ToHexStringLower(key is null ? SHA256.HashData(data) : HMACSHA256.HashData(key, data));
    }

    /// <summary>The hash of <paramref name="entry"/> under <paramref name="key"/>; null is the legacy plain SHA-256 rule.</summary>
    public static string ComputeHash(byte[]? key, AuditEntry entry) => ComputeHash(key,
        entry.Sequence, entry.Timestamp, entry.Actor, entry.Action, entry.Target,
        entry.Details, entry.OrganisationId, entry.PreviousHash);

    /// <summary>
    /// Checks one row against its predecessor (null for the first row).
    /// Returns null when the row is sound, otherwise why it is not. A null <paramref name="key"/> checks the legacy plain rule.
    /// </summary>
    public static string? FindFault(byte[]? key, AuditEntry entry, AuditEntry? previous) =>
        FindFault(key, entry, previous?.Sequence ?? 0, previous?.Hash ?? GenesisHash);

    /// <summary>
    /// Checks one row against the sequence and hash it must follow: the row before it, or, once the chain's head has been
    /// cut under the retention schedule, the signed anchor of the last entry cut (<see cref="AuditAnchor"/>).
    /// </summary>
    public static string? FindFault(byte[]? key, AuditEntry entry, long previousSequence, string previousHash)
    {
        var expectedSequence = previousSequence + 1;
        if (entry.Sequence != expectedSequence)
            return $"sequence {entry.Sequence} follows {expectedSequence - 1}: a row is missing or inserted";
        var expectedPrevious = previousHash;
        if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            return "its previous-hash does not match the row before it";
        if (!string.Equals(entry.Hash, ComputeHash(key, entry), StringComparison.Ordinal))
            return key is null ? "its content does not match its hash (altered)"
                : "its content does not match its keyed hash (altered, or rehashed without the key)";
        return null;
    }

    private static void Append(StringBuilder builder, string value) =>
        builder.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
}
