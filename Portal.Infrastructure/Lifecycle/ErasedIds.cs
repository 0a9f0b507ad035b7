using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Keyed hashes of erased ids (HMAC-SHA256 with the audit key, first 16 hex digits): whoever holds an id can prove it was
/// erased, while the record itself keeps no id of what it erased.
/// </summary>
public static class ErasedIds
{
    public static string Hash(byte[] key, Guid id) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id.ToString("N"))))[..16];

    public static string Json(byte[] key, IEnumerable<Guid> ids) => JsonSerializer.Serialize(ids.Select(id => Hash(key, id)).ToList());

    /// <summary>Adds audit sequence numbers to a record's JSON list.</summary>
    public static string AppendSequences(string json, IEnumerable<long> sequences) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize<List<long>>(json)!.Concat(sequences).ToList());
}
