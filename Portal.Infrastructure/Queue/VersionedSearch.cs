using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// The discipline a probe search and a template search share, so that no answer ever compares embeddings of two
/// pipeline versions: catch up with the submission's log position, embed with the version this process's index holds,
/// search that version only, and keep the answer only if that version is still the active one when it is written
/// (checked under the write lock). Otherwise wait, within the bound, for the replica to hold the active version, and
/// start again.
/// </summary>
internal sealed class VersionedSearch(IFaceIndex index, FaceIndexReplica replica, IOptions<FaceIndexOptions> options,
    IDbContextFactory<PortalDbContext> contextFactory)
{
    /// <summary>
    /// One try at <paramref name="version"/>: embed, search with <see cref="SearchAsync"/> and write. Returns null when the
    /// index no longer held the version during the search, or the active version the write was checked against.
    /// </summary>
    public delegate Task<int?> Attempt(int version);

    /// <summary>Waits until every face change committed before the submission is in this process's index.</summary>
    public async Task CatchUpAsync(long position, CancellationToken cancellationToken)
    {
        var bound = options.Value.SearchWaitBound;
        if (!await replica.WaitForAsync(position, bound, cancellationToken))
            throw new FaceIndexBehindException(replica.AppliedPosition, position, bound);
    }

    /// <summary>Runs attempts until one is checked against the version it searched.</summary>
    public async Task RunAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            var version = HeldVersion;
            var active = await attempt(version);
            if (active is null)
                continue; // the index swapped to another version while the photos were embedded
            if (active == version)
                return;
            // Searched just before a switch this replica has not applied yet: those faces' rows are gone.
            var bound = options.Value.SearchWaitBound;
            if (!await replica.WaitForVersionAsync(active.Value, bound, cancellationToken))
                throw FaceIndexBehindException.OnOldVersion(replica.PipelineVersion, active.Value, bound);
        }
    }

    /// <summary>
    /// The matches at <paramref name="version"/>, scored by the true cosine of their stored embeddings
    /// (<see cref="ExactRescoring"/>); null when the index has moved to another version.
    /// </summary>
    public async Task<IReadOnlyList<FaceMatch>?> SearchAsync(int version, float[] query, IReadOnlySet<Guid> galleries, int topK, float threshold,
        CancellationToken cancellationToken)
    {
        var (wider, lower) = ExactRescoring.Widened(topK, threshold);
        var found = index is ActiveFaceIndex active
            ? active.SearchVersion(version, query, galleries, wider, lower)
            : index.Search(query, galleries, wider, lower);
        if (found is null || found.Count == 0)
            return found;
        var ids = found.Select(m => m.FaceId).ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var embeddings = await db.Faces.AsNoTracking().Where(f => ids.Contains(f.Id))
            .ToDictionaryAsync(f => f.Id, f => f.EmbeddingVector(), cancellationToken);
        return ExactRescoring.Rescore(query, found, embeddings, topK, threshold);
    }

    private int HeldVersion => index is ActiveFaceIndex active ? active.Version : replica.PipelineVersion;
}
