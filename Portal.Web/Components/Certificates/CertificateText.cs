using System.Globalization;
using Portal.Domain.Lifecycle;
using Portal.Domain.Retention;
using Portal.Infrastructure.Lifecycle.Certificates;

namespace Portal.Web.Components.Certificates;

/// <summary>The words of a deletion certificate, the same on the printable page, the list and the case page.</summary>
internal static class CertificateText
{
    /// <summary>Certificates are evidence: one unambiguous clock, to the second.</summary>
    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMMM yyyy, HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The cause in words, with what it carried out: the schedule's rule, the trash, the request's reference.</summary>
    public static string Cause(ErasureCause cause, string reference) => (cause, reference) switch
    {
        (_, "") => cause.Label(),
        (ErasureCause.Schedule, _) when Enum.TryParse<DataKind>(reference, out var kind) => $"{cause.Label()}: the rule for {kind.Label().ToLowerInvariant()}",
        (ErasureCause.Trash, "trash") => $"{cause.Label()}: its time in the trash ended",
        (ErasureCause.SubjectRequest, _) => $"{cause.Label()}, reference {reference}",
        _ => $"{cause.Label()} ({reference})",
    };

    /// <summary>The scope (through the existing label, so a new kind still shows) and its id.</summary>
    public static string Scope(ErasureScope scope, Guid id) => $"{scope.Label()} {id}";

    public static string Counts(ErasureCounts counts) =>
        $"{Count(counts.Photos, "photo")}, {Count(counts.Faces, "indexed face")}, {Count(counts.Crops, "face crop")}, {Count(counts.Probes, "probe")}";

    /// <summary>Candidates are kept (ids, scores, verdicts; no photo): the certificate says so rather than count them as erased.</summary>
    public static string Kept(ErasureCounts counts) => $"{Count(counts.Candidates, "candidate")} kept as ids, scores and review verdicts, without any photo";

    /// <summary>What the replicas did: a case's probe faces are never in the search index, so its position is 0.</summary>
    public static string Replicas(DeletionCertificate certificate) => certificate.ChangePosition == 0
        ? $"Nothing of it was in the search index (probe faces are never indexed); confirmed {Utc(certificate.AllAppliedAt)}."
        : $"Every live search index replica applied the removal (face change {certificate.ChangePosition}) by {Utc(certificate.AllAppliedAt)}.";

    private static string Count(int count, string one) => count == 1 ? $"1 {one}" : $"{count} {one}s";
}
