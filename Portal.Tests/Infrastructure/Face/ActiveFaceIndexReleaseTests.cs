using System.Runtime.CompilerServices;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// A swapped-out index is freed (issue 18, review point 4): nothing but the active index holds it, and it is wiped once
/// the searches still scanning it end, not before.
/// </summary>
public sealed class ActiveFaceIndexReleaseTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task TheIndexReplacedInTheRunningPortalIsCollectable()
    {
        await using var host = await FaceReplicaBed.StartAsync(_data.Path);
        var active = host.Get<ActiveFaceIndex>();
        var first = Track(active);

        active.Replace(active.CreateEmpty(active.Version));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(first.IsAlive, "the first index is still referenced after the swap");
    }

    [Fact]
    public async Task AReplacedIndexIsWipedOnlyOnceTheSearchScanningItEnds()
    {
        using var old = new GatedIndex();
        var active = new ActiveFaceIndex(old, () => new GatedIndex());
        var search = Task.Run(() => active.Search(new float[InMemoryFaceIndex.Dimensions], new HashSet<Guid>(), 5, 0.5f));
        Assert.True(old.Entered.Wait(TimeSpan.FromSeconds(10)), "the search started");

        active.Replace(new GatedIndex());
        Assert.Equal(0, old.Wipes);

        old.Release.Set();
        await search;
        Assert.Equal(1, old.Wipes);
        active.Replace(new GatedIndex());
        Assert.Equal(1, old.Wipes);
    }

    [Fact]
    public void AReplacedIndexNoSearchUsesIsWipedAtOnce()
    {
        var old = new GatedIndex();
        var active = new ActiveFaceIndex(old, () => new GatedIndex());

        active.Replace(new GatedIndex());

        Assert.Equal(1, old.Wipes);
        Assert.Equal(0, active.Count);
    }

    [Fact]
    public void WipingAnInMemoryIndexLeavesNoVectorBehind()
    {
        using var index = new InMemoryFaceIndex();
        var vector = new float[InMemoryFaceIndex.Dimensions];
        vector[3] = 1;
        index.Upsert(Guid.NewGuid(), Guid.NewGuid(), vector);

        index.Wipe();

        Assert.Equal(0, index.Count);
        Assert.False(index.HoldsBytesPastLiveRows());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Track(ActiveFaceIndex active) => new(active.Current);

    public void Dispose() => _data.Dispose();

    /// <summary>An index whose search waits for the test: stands for a search still scanning when the swap comes.</summary>
    private sealed class GatedIndex : IWipeableFaceIndex, IDisposable
    {
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public int Wipes { get; private set; }
        public int Count => 0;

        public void Upsert(IndexedFace face) { }

        public void Remove(IReadOnlyCollection<Guid> faceIds) { }

        public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold)
        {
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
            return [];
        }

        public void Wipe() => Wipes++;

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }
}
