using Portal.Domain.Lifecycle;

namespace Portal.Infrastructure.Lifecycle.Certificates;

/// <summary>
/// The proof that one erasure of biometric data is complete, read from its completed <see cref="ErasureRecord"/>: what was
/// erased (counts and keyed hashes of the ids), why, when, that every live search index replica applied the removal, and
/// the audit entries that record it. Ids, counts and times only. <see cref="Digest"/> ties a printed copy to its JSON.
/// </summary>
/// <param name="RequestedByKey">"system" or the requester's audit key (<c>user:&lt;id&gt;</c>): what the JSON carries.</param>
/// <param name="RequestedByName">Who asked, as a person reads it: "the retention schedule" or the requester's display name.</param>
public sealed record DeletionCertificate(
    Guid Id,
    Guid OrganisationId,
    string OrganisationName,
    ErasureCause Cause,
    string CauseReference,
    ErasureScope Scope,
    Guid ScopeId,
    DateTimeOffset RequestedAt,
    string RequestedByKey,
    string RequestedByName,
    DateTimeOffset CompletedAt,
    ErasureCounts Counts,
    IReadOnlyList<string> HashedIds,
    long ChangePosition,
    DateTimeOffset AllAppliedAt,
    IReadOnlyList<long> AuditSequences)
{
    /// <summary>SHA-256 (lower-case hex) of the canonical JSON body, every key but "digest" (see <see cref="CertificateJson"/>).</summary>
    public string Digest => CertificateJson.Digest(this);

    /// <summary>The download's file name.</summary>
    public string FileName => $"deletion-certificate-{Id}.json";

    /// <summary>What the hashed ids are, in one sentence for both forms.</summary>
    public const string HashedIdsExplained =
        "Each line is a keyed hash (HMAC-SHA256 with the portal's audit key, first 16 hex digits) of one erased id: whoever holds an id " +
        "can have it checked against this list, while the list itself reveals no id.";
}

/// <summary>How much one erasure took. Candidates are kept (ids, scores and verdicts, never a photo) and counted for the record.</summary>
public sealed record ErasureCounts(int Photos, int Faces, int Crops, int Probes, int Candidates);

/// <summary>
/// A certificate, or why there is none yet: the erasure is still removing data, or removed it and waits for
/// <see cref="ReplicasBehind"/> search processes to apply the removal.
/// </summary>
public sealed record CertificateState(Guid Id, DeletionCertificate? Certificate, string? Pending, int ReplicasBehind = 0)
{
    public bool Complete => Certificate is not null;
}

/// <summary>One erasure in the list of certificates: what, why and how much; <see cref="CompletedAt"/> null while it is still under way.</summary>
public sealed record CertificateRow(Guid Id, Guid OrganisationId, string OrganisationName, ErasureCause Cause, string CauseReference, ErasureScope Scope,
    Guid ScopeId, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, ErasureCounts Counts);

/// <summary>One page of the list (0 is the newest) and whether older erasures follow.</summary>
public sealed record CertificateListPage(IReadOnlyList<CertificateRow> Rows, int Page, bool HasOlder);

/// <summary>The JSON download of a certificate.</summary>
public sealed record CertificateDownload(string FileName, byte[] Json);
