using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;

namespace Portal.Infrastructure.Backup;

/// <summary>What a restore did and found, as the command prints it; moves into and out of the trash are counted apart from deletions.</summary>
public sealed record RestoreReport(int FilesRestored, int DeletionsReapplied, bool ChainIntact, string? ChainProblem, int PhotosOpened, int PhotosStored,
    int TrashMovesReapplied = 0)
{
    public bool Healthy => ChainIntact && PhotosOpened == PhotosStored;
}

/// <summary>
/// The second half of a restore, on the migrated database: re-applies every deletion logged after the backup (so a
/// restore never brings back deleted biometric data), verifies the audit chain, opens every stored photo, and audits.
/// </summary>
public sealed class RestoreCompletion(
    DeletionReplay replay, AuditLog auditLog, IDbContextFactory<PortalDbContext> contextFactory, FileStore files, SafeImageReader reader)
{
    public async Task<RestoreReport> FinishAsync(PutBack putBack, CancellationToken cancellationToken = default)
    {
        foreach (var deletion in putBack.Deletions)
            await replay.ApplyAsync(deletion, cancellationToken);
        var chain = await auditLog.VerifyAsync(cancellationToken);
        var (opened, stored) = await OpenEveryPhotoAsync(cancellationToken);
        var moves = putBack.Deletions.Count(d => d.Trash is not null);
        var report = new RestoreReport(putBack.FilesRestored, putBack.Deletions.Count - moves, chain.IsIntact, chain.Reason, opened, stored, moves);
        await auditLog.RecordAsync("system", AuditActions.BackupRestored, "backup",
            $"backup taken {putBack.Manifest.TakenAt:O} at deletion-log position {putBack.Manifest.DeletionLogPosition}; {report.FilesRestored} file(s) restored; " +
            $"{report.DeletionsReapplied} deletion(s) and {report.TrashMovesReapplied} trash move(s) re-applied; chain intact: {(report.ChainIntact ? "yes" : "no")}; photos opened {opened}/{stored}",
            cancellationToken: cancellationToken);
        return report;
    }

    /// <summary>Decodes every photo a gallery image or probe row names; (opened, named).</summary>
    private async Task<(int Opened, int Stored)> OpenEveryPhotoAsync(CancellationToken cancellationToken)
    {
        List<string> names;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            names = (await db.GalleryImages.Select(i => i.StoredName).ToListAsync(cancellationToken))
                .Concat(await db.Probes.Select(p => p.StoredName).ToListAsync(cancellationToken)).Distinct().ToList();
        var opened = 0;
        foreach (var name in names)
        {
            try
            {
                await using var stream = files.OpenRead(name);
                using var image = await reader.DecodeAsync(stream, cancellationToken);
                opened++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Counted, not thrown: the report says how many photos did not open.
            }
        }
        return (opened, names.Count);
    }
}
