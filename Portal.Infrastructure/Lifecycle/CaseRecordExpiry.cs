using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Lifecycle;
using Portal.Domain.Retention;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The schedule's non-biometric case periods, counted from closure: candidates and review decisions go at their own date, and a
/// closed case whose probe data is already purged goes entirely (case, probes, probe faces, candidates, decisions) at the case
/// records' date. One write transaction per case, audited with ids and counts. No erasure record: nothing here is biometric.
/// A legal hold on the case or the organisation keeps it, with the skip recorded and audited as the sweep does.
/// </summary>
public sealed partial class CaseRecordExpiry(IDbContextFactory<PortalDbContext> contextFactory, AuditLog auditLog, ILogger<CaseRecordExpiry> logger)
{
    internal async Task<(int Deleted, int Skipped)> RunAsync(Guid organisationId, RetentionPeriods periods, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        List<(Guid Id, bool Record)> due;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var closed = await db.Cases.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.ClosedAt != null && c.PurgedAt != null)
                .Select(c => new { c.Id, ClosedAt = c.ClosedAt!.Value }).ToListAsync(cancellationToken);
            var withCandidates = (await db.Candidates.AsNoTracking().Where(c => c.OrganisationId == organisationId).Select(c => c.CaseId)
                .Distinct().ToListAsync(cancellationToken)).ToHashSet();
            due = closed.Select(c => (c.Id, Record: periods.DueAt(DataKind.CaseRecords, c.ClosedAt) <= now,
                    Decisions: withCandidates.Contains(c.Id) && periods.DueAt(DataKind.CandidatesAndDecisions, c.ClosedAt) <= now))
                .Where(c => c.Record || c.Decisions).Select(c => (c.Id, c.Record)).ToList();
        }
        int deleted = 0, skipped = 0;
        foreach (var (caseId, record) in due)
        {
            switch (await DeleteAsync(organisationId, caseId, record, now, cancellationToken))
            {
                case true: deleted++; break;
                case false: skipped++; break;
            }
        }
        if (due.Count > 0)
            LogDeleted(logger, organisationId, deleted, skipped);
        return (deleted, skipped);
    }

    /// <summary>
    /// Deletes the case's candidates and decisions, and the whole case when <paramref name="record"/>; false when held, null when
    /// another sweep got there first.
    /// </summary>
    private async Task<bool?> DeleteAsync(Guid organisationId, Guid caseId, bool record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (!await db.Cases.AnyAsync(c => c.Id == caseId && c.OrganisationId == organisationId && c.ClosedAt != null && c.PurgedAt != null, cancellationToken))
            return null;
        var target = $"case:{caseId}";
        if ((await HoldCheck.ReadAsync(db, organisationId, cancellationToken)).Keeping(HoldScope.Case, caseId) is { } hold)
        {
            db.ErasureSkips.Add(new ErasureSkip
            {
                Scope = ErasureScope.Case, ScopeId = caseId, HoldId = hold.Id, At = now,
                Reason = $"Legal hold {hold.Id} on the {hold.Scope.Label().ToLowerInvariant()} keeps the case record past its retention period.",
            });
            await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.ErasureSkippedHeld, target,
                $"held by legal hold {hold.Id}; the case record and its review decisions kept", organisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return false;
        }

        // Decisions first: they restrict the deletion of the candidates they judge.
        var candidates = db.Candidates.Where(c => c.CaseId == caseId && c.OrganisationId == organisationId);
        var decisions = await db.ReviewDecisions.Where(d => candidates.Select(c => c.Id).Contains(d.CandidateId)).ExecuteDeleteAsync(cancellationToken);
        var candidateCount = await candidates.ExecuteDeleteAsync(cancellationToken);
        if (!record && candidateCount == 0)
            return null;
        if (!record)
        {
            await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.CaseDecisionsDeleted, target,
                $"{candidateCount} candidate(s) and {decisions} review decision(s) deleted ({nameof(DataKind.CandidatesAndDecisions)})", organisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        var probes = db.Probes.Where(p => p.CaseId == caseId);
        var faces = await db.ProbeFaces.Where(f => probes.Select(p => p.Id).Contains(f.ProbeId)).ExecuteDeleteAsync(cancellationToken);
        var probeCount = await probes.ExecuteDeleteAsync(cancellationToken);
        await db.Set<CaseGallery>().Where(g => g.CaseId == caseId).ExecuteDeleteAsync(cancellationToken);
        var cases = await db.Cases.Where(c => c.Id == caseId && c.OrganisationId == organisationId && c.PurgedAt != null).ExecuteDeleteAsync(cancellationToken);
        await auditLog.AppendWithinAsync(db, ErasureAudit.Actor, AuditActions.CaseRecordDeleted, target,
            $"{cases} case record, {probeCount} probe(s), {faces} probe face(s), {candidateCount} candidate(s) and {decisions} review decision(s) deleted " +
            $"({nameof(DataKind.CaseRecords)})", organisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Case records of organisation {OrganisationId}: {Deleted} case(s) deleted in whole or part, {Skipped} kept by a legal hold")]
    private static partial void LogDeleted(ILogger logger, Guid organisationId, int deleted, int skipped);
}
