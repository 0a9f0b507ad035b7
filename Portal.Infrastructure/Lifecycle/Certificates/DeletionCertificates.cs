using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Certificates;

/// <summary>
/// Deletion certificates (issue 16) for platform admins (every organisation's) and the admins of an approved organisation
/// (their own). Anyone else is refused; another organisation's certificate is "not found", as if it did not exist.
/// Each JSON download is audited with ids only.
/// </summary>
public sealed class DeletionCertificates(
    IDbContextFactory<PortalDbContext> contextFactory,
    MembershipLookup memberships,
    CertificateReader reader,
    AuditLog auditLog)
{
    public const string Refusal = "Only your organisation's admins and platform admins can see deletion certificates.";

    /// <summary>Rows on one page of the list, newest first.</summary>
    public const int PageSize = 100;

    /// <summary>The certificate, or why there is none yet.</summary>
    public async Task<Outcome<CertificateState>> ReadAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        if (await AccessAsync(actor, cancellationToken) is not { } access)
            return Outcome<CertificateState>.Forbidden(Refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var record = await FindAsync(db, access, id, cancellationToken);
        return record is null ? Outcome<CertificateState>.NotFound() : Outcome<CertificateState>.Ok(await reader.StateAsync(db, record, cancellationToken));
    }

    /// <summary>The JSON file of a complete certificate, audited; refusals are audited too (signed-in people only reach here).</summary>
    public async Task<Outcome<CertificateDownload>> DownloadAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        var read = await ReadAsync(actor, id, cancellationToken);
        if (!read.Succeeded || read.Value!.Certificate is not { } certificate)
        {
            var why = read.Succeeded ? "not complete yet" : read.Kind == OutcomeKind.NotFound ? "not found" : "not an admin of its organisation";
            await auditLog.RecordAsync(actor.Name, AuditActions.CertificateRefused, $"erasure:{id}", $"deletion certificate download refused: {why}",
                actor.OrganisationId, cancellationToken);
            return read.Succeeded ? Outcome<CertificateDownload>.Conflict(read.Value!.Pending!) : read.As<CertificateDownload>();
        }
        var json = CertificateJson.Document(certificate);
        await auditLog.RecordAsync(actor.Name, AuditActions.CertificateDownloaded, $"erasure:{id}",
            $"deletion certificate downloaded as JSON (digest {certificate.Digest})", certificate.OrganisationId, cancellationToken);
        return Outcome<CertificateDownload>.Ok(new CertificateDownload(certificate.FileName, json));
    }

    /// <summary>
    /// One page of erasures, newest first: a platform admin's of every organisation (or of <paramref name="organisationId"/>),
    /// an organisation admin's own. Paged, because the daily sweep makes one erasure per expired photo and a regulator may
    /// ask about any of them.
    /// </summary>
    public async Task<Outcome<CertificateListPage>> ListAsync(Actor actor, Guid? organisationId, int page = 0, CancellationToken cancellationToken = default)
    {
        if (await AccessAsync(actor, cancellationToken) is not { } access)
            return Outcome<CertificateListPage>.Forbidden(Refusal);
        page = Math.Max(page, 0);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var records = Visible(db, access);
        if (organisationId is { } only)
            records = records.Where(r => r.OrganisationId == only);
        var rows = await (from record in records
                          join organisation in db.Organisations on record.OrganisationId equals organisation.Id
                          orderby record.RequestedAt descending, record.Id
                          select new { record, organisation.Name }).Skip(page * PageSize).Take(PageSize + 1).AsNoTracking().ToListAsync(cancellationToken);
        return Outcome<CertificateListPage>.Ok(new CertificateListPage(rows.Take(PageSize).Select(r => new CertificateRow(r.record.Id, r.record.OrganisationId, r.Name,
            r.record.Cause, r.record.CauseReference, r.record.Scope, r.record.ScopeId, r.record.RequestedAt, r.record.CompletedAt,
            CertificateReader.Counts(r.record))).ToList(), page, HasOlder: rows.Count > PageSize));
    }

    /// <summary>The erasures of one case or gallery, newest first, for its page; empty for anyone who may not see certificates.</summary>
    public async Task<IReadOnlyList<CertificateRow>> ForTargetAsync(Actor actor, ErasureScope scope, Guid scopeId, CancellationToken cancellationToken = default)
    {
        if (await AccessAsync(actor, cancellationToken) is not { } access)
            return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var records = await Visible(db, access).Where(r => r.Scope == scope && r.ScopeId == scopeId).OrderByDescending(r => r.RequestedAt)
            .AsNoTracking().ToListAsync(cancellationToken);
        return records.Select(r => new CertificateRow(r.Id, r.OrganisationId, "", r.Cause, r.CauseReference, r.Scope, r.ScopeId, r.RequestedAt, r.CompletedAt,
            CertificateReader.Counts(r))).ToList();
    }

    /// <summary>The organisations a platform admin can filter by; an organisation admin's own.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> OrganisationsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await AccessAsync(actor, cancellationToken) is not { } access)
            return [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var organisations = await db.Organisations.AsNoTracking().Where(o => access.All || o.Id == access.OrganisationId)
            .Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken);
        return organisations.OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase).Select(o => (o.Id, o.Name)).ToList();
    }

    private static IQueryable<ErasureRecord> Visible(PortalDbContext db, CertificateAccess access) =>
        access.All ? db.ErasureRecords : db.ErasureRecords.Where(r => r.OrganisationId == access.OrganisationId);

    private static Task<ErasureRecord?> FindAsync(PortalDbContext db, CertificateAccess access, Guid id, CancellationToken cancellationToken) =>
        Visible(db, access).AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>Who may see which certificates: null for nobody. Read fresh, so a removed admin right takes effect at once.</summary>
    private async Task<CertificateAccess?> AccessAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.IsPlatformAdmin)
            return new CertificateAccess(true, null);
        return await memberships.FindAsync(actor.UserId, cancellationToken) is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved } membership
            ? new CertificateAccess(false, membership.OrganisationId)
            : null;
    }

    private sealed record CertificateAccess(bool All, Guid? OrganisationId);
}
