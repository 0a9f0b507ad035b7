using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Domain.Auditing;

/// <summary>
/// A signed statement "at <see cref="At"/> the chain ended at <see cref="Sequence"/> with <see cref="HeadHash"/>",
/// kept outside the database. It lets a later check notice entries removed from the tail, or a tail rewritten,
/// which a chain alone cannot show: a shortened chain is still a well-formed chain.
/// </summary>
public sealed record AuditCheckpoint(long Sequence, string HeadHash, DateTimeOffset At, string Signature)
{
    public static AuditCheckpoint Create(byte[] key, long sequence, string headHash, DateTimeOffset at) =>
        new(sequence, headHash, at, Sign(key, sequence, headHash, at));

    public bool IsSignedBy(byte[] key) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature), Encoding.ASCII.GetBytes(Sign(key, Sequence, HeadHash, At)));

    /// <summary>One line of the checkpoint file: sequence, head hash, UTC time (round-trip), signature.</summary>
    public string ToLine() => string.Join(' ', Sequence.ToString(CultureInfo.InvariantCulture), HeadHash,
        At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), Signature);

    /// <summary>Reads a line written by <see cref="ToLine"/>; null when it is not one.</summary>
    public static AuditCheckpoint? Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 4
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || !DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return null;
        return new AuditCheckpoint(sequence, parts[1], at.ToUniversalTime(), parts[3]);
    }

    private static string Sign(byte[] key, long sequence, string headHash, DateTimeOffset at) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            $"audit-checkpoint|{sequence.ToString(CultureInfo.InvariantCulture)}|{headHash}|{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}")));
}
