using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Portal.Infrastructure.Lifecycle.Certificates;

/// <summary>
/// The certificate's JSON, written key by key so it is canonical: fixed key order, no white space, UTC instants with seven
/// decimals, enum names. The digest is the SHA-256 of that body without its last key, "digest"; so anyone can check a
/// download by removing <c>,"digest":"…"</c> and hashing the rest. Key names are stable: others' tools read them.
/// </summary>
public static class CertificateJson
{
    public static byte[] Document(DeletionCertificate certificate) => Write(certificate, Digest(certificate));

    public static string Digest(DeletionCertificate certificate) => Convert.ToHexStringLower(SHA256.HashData(Write(certificate, digest: null)));

    private static byte[] Write(DeletionCertificate c, string? digest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", c.Id);
            json.WriteStartObject("organisation");
            json.WriteString("id", c.OrganisationId);
            json.WriteString("name", c.OrganisationName);
            json.WriteEndObject();
            json.WriteString("cause", c.Cause.ToString());
            json.WriteString("causeReference", c.CauseReference);
            json.WriteStartObject("scope");
            json.WriteString("kind", c.Scope.ToString());
            json.WriteString("id", c.ScopeId);
            json.WriteEndObject();
            json.WriteString("requestedAt", Instant(c.RequestedAt));
            json.WriteString("requestedBy", c.RequestedByKey);
            json.WriteString("completedAt", Instant(c.CompletedAt));
            json.WriteStartObject("counts");
            json.WriteNumber("photos", c.Counts.Photos);
            json.WriteNumber("faces", c.Counts.Faces);
            json.WriteNumber("crops", c.Counts.Crops);
            json.WriteNumber("probes", c.Counts.Probes);
            json.WriteNumber("candidates", c.Counts.Candidates);
            json.WriteEndObject();
            json.WriteStartArray("hashedIds");
            foreach (var hash in c.HashedIds)
                json.WriteStringValue(hash);
            json.WriteEndArray();
            json.WriteStartObject("replicas");
            json.WriteNumber("changePosition", c.ChangePosition);
            json.WriteString("allAppliedAt", Instant(c.AllAppliedAt));
            json.WriteEndObject();
            json.WriteStartArray("auditSequences");
            foreach (var sequence in c.AuditSequences)
                json.WriteNumberValue(sequence);
            json.WriteEndArray();
            if (digest is not null)
                json.WriteString("digest", digest);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>UTC, to the tick: both providers store ticks, so a certificate read twice hashes the same.</summary>
    public static string Instant(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
