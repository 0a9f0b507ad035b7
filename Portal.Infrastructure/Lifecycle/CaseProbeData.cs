using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// What purging a case's probe data leaves of its rows: the facts (ids, dates, outcome) without the text people typed or
/// chose — photo names, the notes and the closure note may name the child. Used by the eraser and by a restore's replay.
/// </summary>
internal static class CaseProbeData
{
    public const string ErasedName = Probe.ErasedDisplayName;

    public static async Task BlankAsync(PortalDbContext db, IQueryable<Probe> probes, IQueryable<SearchCase> cases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Templates go first, while the probes to drop can still be told apart from the rest; the purged cases' labels before
        // the photos, so that no template dissolved by dropping them keeps its label.
        await PersonTemplateRows.ForgetLabelsAsync(db, cases, now, cancellationToken);
        await PersonTemplateRows.DropProbesAsync(db, probes, now, cancellationToken);
        await probes.ExecuteUpdateAsync(s => s.SetProperty(p => p.DisplayName, ErasedName).SetProperty(p => p.OriginalSha256, "")
            .SetProperty(p => p.PurgedAt, p => p.PurgedAt ?? now), cancellationToken);
        await cases.ExecuteUpdateAsync(s => s.SetProperty(c => c.Notes, "").SetProperty(c => c.ClosureNote, (string?)null)
            .SetProperty(c => c.PurgedAt, c => c.PurgedAt ?? now), cancellationToken);
    }
}
