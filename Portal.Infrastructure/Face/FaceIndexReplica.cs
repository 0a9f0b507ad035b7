using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Domain.Faces;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Face;

/// <summary>
/// This process's copy of the face index, kept in step with the face change log: a consistent snapshot at start
/// (faces and the log position they match, read in one transaction), then every later change strictly in log order.
/// <see cref="AppliedPosition"/> never claims a change that was not applied. It holds the active pipeline version's
/// faces only (<see cref="FacePipelineState"/>): other versions' rows (a re-index's) are skipped, and when the active
/// version changes the replica loads the new version's snapshot into a fresh index and swaps it in whole. The background loop
/// (<see cref="FaceIndexReplicaService"/>) polls and reports; a search pulls on demand through <see cref="WaitForAsync"/>.
/// </summary>
public sealed partial class FaceIndexReplica(IDbContextFactory<PortalDbContext> contextFactory, IFaceIndex index, TimeProvider timeProvider,
    ILogger<FaceIndexReplica>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    private const int BatchSize = 2_000;
    private readonly SemaphoreSlim _apply = new(1, 1);
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _applied;
    private bool _loaded;
    private int _version;
    private int _withoutCodes;
    private volatile bool _paused;

    /// <summary>Unique per process start: the key of this replica's report.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    public long AppliedPosition => Interlocked.Read(ref _applied);

    /// <summary>The pipeline version whose faces this replica holds (0 before its first load).</summary>
    public int PipelineVersion => Volatile.Read(ref _version);

    /// <summary>How many faces the last full load found with no usable stored code and encoded from their embeddings.</summary>
    public int FacesWithoutCodes => Volatile.Read(ref _withoutCodes);

    /// <summary>Stops applying changes (tests stand for a slow replica with it); reporting goes on.</summary>
    internal void Pause() => _paused = true;

    internal void Resume() => _paused = false;

    /// <summary>Loads the snapshot if not yet loaded; returns the faces loaded (0 when it was already).</summary>
    public async Task<int> LoadAsync(CancellationToken cancellationToken = default)
    {
        await _apply.WaitAsync(cancellationToken);
        try
        {
            return _loaded ? 0 : await LoadSnapshotAsync(cancellationToken);
        }
        finally
        {
            _apply.Release();
        }
    }

    /// <summary>Applies every change logged after <see cref="AppliedPosition"/>, in order; returns how many.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _apply.WaitAsync(cancellationToken);
        try
        {
            if (_paused)
                return 0;
            if (!_loaded)
                return await LoadSnapshotAsync(cancellationToken);
            var total = 0;
            int batch;
            do
            {
                batch = await ApplyBatchAsync(cancellationToken);
                total += batch;
            }
            while (batch == BatchSize);
            return total;
        }
        finally
        {
            _apply.Release();
        }
    }

    /// <summary>
    /// Waits, at most <paramref name="bound"/>, until this replica has applied <paramref name="position"/>, pulling
    /// changes itself so a search never depends on the poll interval; false when the bound passed first.
    /// </summary>
    public Task<bool> WaitForAsync(long position, TimeSpan bound, CancellationToken cancellationToken) =>
        // Loaded first, even at position 0 (an empty log): a search needs to know which version the index holds.
        WaitUntilAsync(() => PipelineVersion != 0 && AppliedPosition >= position, bound, cancellationToken);

    /// <summary>
    /// Waits, at most <paramref name="bound"/>, until this replica holds <paramref name="version"/>'s faces (a switch
    /// it has not seen yet), pulling changes itself; false when the bound passed first.
    /// </summary>
    public Task<bool> WaitForVersionAsync(int version, TimeSpan bound, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => PipelineVersion == version, bound, cancellationToken);

    private async Task<bool> WaitUntilAsync(Func<bool> reached, TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + bound;
        while (true)
        {
            var advanced = Volatile.Read(ref _advanced).Task;
            if (reached())
                return true;
            await CatchUpAsync(cancellationToken);
            if (reached())
                return true;
            var left = deadline - timeProvider.GetUtcNow();
            if (left <= TimeSpan.Zero)
                return false;
            var step = left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50);
            await Task.WhenAny(advanced, Task.Delay(step, timeProvider, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<int> LoadSnapshotAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var snapshot = await FaceSnapshot.BeginAsync(db, cancellationToken);
        // The position first: it fixes the snapshot, so the version and faces read next are exactly those at this position.
        var position = await FaceChangeLog.CommittedPositionAsync(db, cancellationToken);
        var version = await PipelineVersions.ActiveAsync(db, cancellationToken);
        // A reload (the active version changed) fills a fresh index and swaps it in whole: searches keep the old
        // version's answers until the new version is complete, then see only it.
        // The first load goes through the swap too, so the index in use always carries the version of its faces.
        var swap = index is ActiveFaceIndex;
        var target = swap ? ((ActiveFaceIndex)index).CreateEmpty(version) : index;
        var (count, withoutCodes) = await FaceRows.LoadAsync(db, target, version, cancellationToken, (face, exception) => LogRefused(_logger, face, exception));
        await snapshot.CommitAsync(cancellationToken);
        if (swap)
            ((ActiveFaceIndex)index).Replace(target);
        _loaded = true;
        Volatile.Write(ref _version, version);
        Volatile.Write(ref _withoutCodes, withoutCodes);
        Advance(position);
        return count;
    }

    private async Task<int> ApplyBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // One snapshot for the version and the changes: a batch before the switch applies old-version changes; one after
        // it reloads instead. The old rows' removals come after the switch (FaceReindex), for faces no longer held.
        await using var snapshot = await FaceSnapshot.BeginAsync(db, cancellationToken);
        var after = AppliedPosition;
        var version = await PipelineVersions.ActiveAsync(db, cancellationToken);
        if (version != PipelineVersion)
        {
            await snapshot.CommitAsync(cancellationToken);
            return await LoadSnapshotAsync(cancellationToken);
        }
        // Positions commit in order (FaceChangeLog), so nothing below the last one read can still appear; gaps are fine.
        var changes = await db.Set<FaceChange>().AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (changes.Count == 0)
            return 0;
        var added = changes.Where(c => c.Kind == FaceChangeKind.Added).Select(c => c.FaceId).ToList();
        // A face removed since it was added has no row: its removal comes later in the log, so skipping it is exact.
        // A face of another version (a re-index's) is not searched until its version is active: it is skipped too.
        var embeddings = await db.Faces.AsNoTracking().Where(f => added.Contains(f.Id) && f.PipelineVersion == version).Select(f => new { f.Id, f.Embedding })
            .ToDictionaryAsync(f => f.Id, f => f.Embedding, cancellationToken);
        await snapshot.CommitAsync(cancellationToken);
        foreach (var change in changes)
        {
            if (change.Kind == FaceChangeKind.Removed)
                index.Remove([change.FaceId]);
            else if (embeddings.TryGetValue(change.FaceId, out var embedding))
                Upsert(change.FaceId, change.GalleryId, embedding);
        }
        Advance(changes[^1].Id);
        return changes.Count;
    }

    /// <summary>A face the index refuses (an embedding with a NaN) is logged and left out; the log goes on past it.</summary>
    private void Upsert(Guid faceId, Guid galleryId, byte[] embedding)
    {
        try
        {
            index.Upsert(faceId, galleryId, MemoryMarshal.Cast<byte, float>(embedding));
        }
        catch (ArgumentException exception)
        {
            LogRefused(_logger, faceId, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Face {FaceId} was not indexed: its stored embedding is refused")]
    private static partial void LogRefused(ILogger logger, Guid faceId, Exception exception);

    private void Advance(long position)
    {
        Interlocked.Exchange(ref _applied, position);
        Interlocked.Exchange(ref _advanced, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
