using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Certificates;

/// <summary>
/// Builds a certificate from one erasure record, or says why there is none yet. The requester's name comes from the audit
/// log's actor details (ADR 0010), so an erased member shows as erased here too; the JSON keeps only the key.
/// </summary>
public sealed class CertificateReader(FaceReplicaReports replicas)
{
    public const string Schedule = "the retention schedule";

    public async Task<CertificateState> StateAsync(PortalDbContext db, ErasureRecord record, CancellationToken cancellationToken)
    {
        if (record.CompletedAt is null || record.ReplicasReachedAt is null)
            return await PendingAsync(record, cancellationToken);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == record.OrganisationId).Select(o => o.Name).SingleAsync(cancellationToken);
        return new CertificateState(record.Id, new DeletionCertificate(record.Id, record.OrganisationId, organisation, record.Cause, record.CauseReference,
            record.Scope, record.ScopeId, record.RequestedAt, KeyOf(record.RequestedBy), await RequesterAsync(db, record.RequestedBy, cancellationToken),
            record.CompletedAt.Value, Counts(record), JsonSerializer.Deserialize<List<string>>(record.HashedIds) ?? [], record.ChangePosition ?? 0,
            record.ReplicasReachedAt.Value, JsonSerializer.Deserialize<List<long>>(record.AuditSequences) ?? []), null);
    }

    public static ErasureCounts Counts(ErasureRecord record) => new(record.Photos, record.Faces, record.Crops, record.Probes, record.Candidates);

    private async Task<CertificateState> PendingAsync(ErasureRecord record, CancellationToken cancellationToken)
    {
        if (record.ChangePosition is not { } position)
            return new CertificateState(record.Id, null, "Not complete yet: the data is still being removed. The certificate is issued once the erasure is complete.");
        var reach = await replicas.ReachAsync(position, cancellationToken);
        if (reach.Everywhere)
            return new CertificateState(record.Id, null, "Not complete yet: every search process has applied the removal and the erasure is being marked complete.");
        return new CertificateState(record.Id, null,
            $"Not complete yet: {reach.Behind.Count} search process(es) have not applied the removal. The certificate is issued once every one has.",
            reach.Behind.Count);
    }

    /// <summary>The requester as the audit chain names them: "system", or <c>user:&lt;id&gt;</c> whether or not the record kept the prefix.</summary>
    internal static string KeyOf(string requestedBy) =>
        requestedBy == ErasureAudit.Actor || requestedBy.StartsWith("user:", StringComparison.Ordinal) ? requestedBy : $"user:{requestedBy}";

    private static async Task<string> RequesterAsync(PortalDbContext db, string requestedBy, CancellationToken cancellationToken)
    {
        var key = KeyOf(requestedBy);
        if (key == ErasureAudit.Actor)
            return Schedule;
        var known = await db.AuditActors.AsNoTracking().Where(a => a.Key == key)
            .Select(a => new { a.DisplayName, a.Email, a.ErasedAt }).FirstOrDefaultAsync(cancellationToken);
        if (known is { ErasedAt: not null })
            return Domain.Auditing.AuditActor.ErasedLabel;
        if (known is not null && !string.IsNullOrWhiteSpace(known.DisplayName ?? known.Email))
            return string.IsNullOrWhiteSpace(known.DisplayName) ? known.Email! : known.DisplayName!;
        var userId = key["user:".Length..];
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(cancellationToken);
        return user is null ? "a former member" : string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "a member" : user.DisplayName;
    }
}
