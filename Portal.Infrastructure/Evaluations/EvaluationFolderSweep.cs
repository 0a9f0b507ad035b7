using Microsoft.EntityFrameworkCore;
using Portal.Domain.Evaluations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// Finds sets' folders left behind under data/evaluations (a process stopped between the run's end and the delete,
/// a disk error during clean-up, an upload that died half-way) and deletes them, audited as photos deleted:
/// a folder whose run has ended (completed or failed) at once, and a folder with no run at all once it has been
/// untouched for <see cref="UploadGrace"/> (an upload writes its folder before it stores the run).
/// </summary>
public sealed class EvaluationFolderSweep(
    IDbContextFactory<PortalDbContext> contextFactory,
    EvaluationFolders folders,
    EvaluationPhotoDeletion deletion,
    TimeProvider timeProvider)
{
    /// <summary>Far longer than any upload's check and unpacking takes.</summary>
    public static readonly TimeSpan UploadGrace = TimeSpan.FromHours(6);

    /// <summary>Returns how many folders were deleted.</summary>
    public async Task<int> DeleteLeftoversAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folders.Root))
            return 0;
        var found = Directory.EnumerateDirectories(folders.Root)
            .Select(path => Guid.TryParseExact(Path.GetFileName(path), "N", out var id) ? id : (Guid?)null)
            .OfType<Guid>().ToList();
        if (found.Count == 0)
            return 0;
        Dictionary<Guid, EvaluationState> states;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            states = await db.EvaluationRuns.AsNoTracking().Where(r => found.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.State, cancellationToken);
        var deleted = 0;
        foreach (var id in found)
        {
            var details = states.TryGetValue(id, out var state)
                ? state is EvaluationState.Completed or EvaluationState.Failed ? "left behind after the run ended; deleted by the sweep" : null
                : Untouched(id) ? "left behind by an upload that stored no run; deleted by the sweep" : null;
            if (details is not null && await deletion.DeleteAsync(id, details, cancellationToken))
                deleted++;
        }
        return deleted;
    }

    private bool Untouched(Guid id)
    {
        var folder = new DirectoryInfo(folders.Of(id));
        var latest = folder.EnumerateFileSystemInfos("*", SearchOption.TopDirectoryOnly).Select(i => i.LastWriteTimeUtc)
            .Append(folder.LastWriteTimeUtc).Max();
        return timeProvider.GetUtcNow().UtcDateTime - latest > UploadGrace;
    }
}
