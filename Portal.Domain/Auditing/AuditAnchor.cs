using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Auditing;

/// <summary>
/// A signed statement "at <see cref="ExpiredAt"/>, <see cref="Count"/> entries ending at <see cref="Sequence"/>, whose hash
/// was <see cref="Hash"/>, were deleted under the retention schedule (kept <see cref="PeriodDays"/> days)". The chain is
/// verified from here once its head is cut: the first entry left must be <see cref="Sequence"/> + 1 and carry
/// <see cref="Hash"/> as its previous hash. The HMAC under the audit key is what stops a database writer from moving it.
/// </summary>
public sealed class AuditAnchor
{
    public long Id { get; set; }

    /// <summary>The last expired entry's sequence; unique, one anchor per expiry batch.</summary>
    public long Sequence { get; init; }

    public required string Hash { get; init; }
    public int Count { get; init; }
    public int PeriodDays { get; init; }
    public DateTimeOffset ExpiredAt { get; init; }
    public required string Signature { get; set; }

    public static AuditAnchor Create(byte[] key, long sequence, string hash, int count, int periodDays, DateTimeOffset expiredAt) =>
        new()
        {
            Sequence = sequence, Hash = hash, Count = count, PeriodDays = periodDays, ExpiredAt = expiredAt,
            Signature = Sign(key, sequence, hash, count, periodDays, expiredAt),
        };

    public bool IsSignedBy(byte[] key) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(Signature), Encoding.ASCII.GetBytes(Sign(key, Sequence, Hash, Count, PeriodDays, ExpiredAt)));

    private const string LinePrefix = "anchor";

    /// <summary>
    /// One line of the checkpoint file: "anchor", sequence, hash, count, period in days, UTC time (round-trip), signature.
    /// Its first word keeps it apart from checkpoint lines, which begin with a number.
    /// </summary>
    public string ToLine() => string.Join(' ', LinePrefix, Sequence.ToString(CultureInfo.InvariantCulture), Hash,
        Count.ToString(CultureInfo.InvariantCulture), PeriodDays.ToString(CultureInfo.InvariantCulture),
        ExpiredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), Signature);

    /// <summary>Reads a line written by <see cref="ToLine"/>; null when it is not one.</summary>
    public static AuditAnchor? Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 7 || parts[0] != LinePrefix
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            || !DateTimeOffset.TryParse(parts[5], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return null;
        return new AuditAnchor { Sequence = sequence, Hash = parts[2], Count = count, PeriodDays = days, ExpiredAt = at.ToUniversalTime(), Signature = parts[6] };
    }

    private static string Sign(byte[] key, long sequence, string hash, int count, int periodDays, DateTimeOffset expiredAt) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Join('|', "audit-anchor",
            sequence.ToString(CultureInfo.InvariantCulture), hash, count.ToString(CultureInfo.InvariantCulture),
            periodDays.ToString(CultureInfo.InvariantCulture), expiredAt.UtcTicks.ToString(CultureInfo.InvariantCulture)))));
}
