using Portal.Domain.Faces;

namespace Portal.Infrastructure.Face;

/// <summary>
/// The index searches use: the active pipeline version's faces only. When the active version changes, the replica
/// loads the new version's faces into a fresh index and swaps it in whole, so a search sees the old version or the
/// new one, never a mixture (and never compares a probe with embeddings of another version). It knows the version
/// it holds, so a probe is embedded with that version and searched only while the index still holds it.
/// </summary>
/// <remarks>
/// This object is the only holder of the index in use (the container registers no index of its own), so a replaced
/// index is collectable once the searches still scanning it end; the last of them wipes it (when its type can) and
/// disposes it, so a whole version's vectors do not wait in memory for the collector.
/// </remarks>
public sealed class ActiveFaceIndex(IFaceIndex initial, Func<IFaceIndex> createEmpty) : IFaceIndex, IDisposable
{
    private volatile Generation _current = new(initial);

    public int Count
    {
        get
        {
            var generation = Enter();
            try { return generation.Index.Count; }
            finally { generation.Exit(); }
        }
    }

    public void Upsert(IndexedFace face)
    {
        var generation = Enter();
        try { generation.Index.Upsert(face); }
        finally { generation.Exit(); }
    }

    public void Upsert(Guid faceId, Guid galleryId, ReadOnlySpan<float> embedding)
    {
        var generation = Enter();
        try { generation.Index.Upsert(faceId, galleryId, embedding); }
        finally { generation.Exit(); }
    }

    public void UpsertMany(IReadOnlyList<Guid> faceIds, IReadOnlyList<Guid> galleryIds, ReadOnlyMemory<float> embeddings)
    {
        var generation = Enter();
        try { generation.Index.UpsertMany(faceIds, galleryIds, embeddings); }
        finally { generation.Exit(); }
    }

    public void Remove(IReadOnlyCollection<Guid> faceIds)
    {
        var generation = Enter();
        try { generation.Index.Remove(faceIds); }
        finally { generation.Exit(); }
    }

    public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold)
    {
        var generation = Enter();
        try { return generation.Index.Search(query, galleries, k, threshold); }
        finally { generation.Exit(); }
    }

    /// <summary>The index searches use now (tests follow its lifetime).</summary>
    internal IFaceIndex Current => _current.Index;

    /// <summary>The pipeline version whose faces the index in use holds; 0 before the replica's first load.</summary>
    public int Version => VersionOf(_current.Index);

    /// <summary>
    /// Searches with a probe embedded with <paramref name="version"/>, if the index in use holds that version's faces;
    /// null when it holds another (the replica swapped meanwhile): the caller embeds the probe again.
    /// </summary>
    public IReadOnlyList<FaceMatch>? SearchVersion(int version, ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold)
    {
        var generation = Enter(); // once: the check and the search see the same index, kept from its wipe meanwhile
        try { return VersionOf(generation.Index) == version ? generation.Index.Search(query, galleries, k, threshold) : null; }
        finally { generation.Exit(); }
    }

    /// <summary>An empty index of the kind in use, for <paramref name="version"/>'s faces, to be filled before <see cref="Replace"/>.</summary>
    internal IFaceIndex CreateEmpty(int version) => new VersionedFaceIndex(createEmpty(), version);

    private static int VersionOf(IFaceIndex index) => index is VersionedFaceIndex versioned ? versioned.Version : 0;

    /// <summary>
    /// Puts a filled index in place. The old one is not wiped while a search may still be scanning it: the last such
    /// search wipes it (or this call, when none runs). Both are held for that moment: the switch needs memory for two.
    /// </summary>
    internal void Replace(IFaceIndex next) => Interlocked.Exchange(ref _current, new Generation(next)).Retire();

    public void Dispose() => _current.Retire();

    /// <summary>The index in use, counted as used until <see cref="Generation.Exit"/>; a retired one is passed over.</summary>
    private Generation Enter()
    {
        while (true)
        {
            var generation = _current;
            if (generation.TryEnter())
                return generation;
        }
    }

    /// <summary>One index and the calls still using it; retired once replaced, released when the last call ends.</summary>
    private sealed class Generation(IFaceIndex index)
    {
        private const int Retired = 1 << 30;
        private int _state; // calls in flight, plus Retired once replaced
        private int _released;

        public IFaceIndex Index { get; } = index;

        public bool TryEnter()
        {
            if ((Interlocked.Increment(ref _state) & Retired) == 0)
                return true;
            Exit();
            return false;
        }

        public void Exit()
        {
            if (Interlocked.Decrement(ref _state) == Retired)
                Release();
        }

        public void Retire()
        {
            if (Interlocked.Add(ref _state, Retired) == Retired)
                Release();
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            (Index as IWipeableFaceIndex)?.Wipe();
            (Index as IDisposable)?.Dispose();
        }
    }
}
