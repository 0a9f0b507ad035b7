using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

public sealed class SlotTableTests
{
    [Fact]
    public void EveryFaceIsFoundAtItsSlotThroughGrowthRemovalsAndMoves()
    {
        var ids = new List<Guid>();
        var table = new SlotTable(slot => ids[slot]);
        for (var slot = 0; slot < 50_000; slot++)
        {
            ids.Add(Guid.NewGuid());
            table.Add(ids[slot], slot);
        }
        var random = new Random(5);
        var removed = new HashSet<Guid>();

        // Remove as the index does: the last face moves into the hole, and the table follows it.
        for (var round = 0; round < 20_000; round++)
        {
            var victim = ids[random.Next(ids.Count)];
            Assert.True(table.Remove(victim, out var hole));
            removed.Add(victim);
            var last = ids.Count - 1;
            if (hole != last)
            {
                ids[hole] = ids[last];
                table.Move(ids[hole], hole);
            }
            ids.RemoveAt(last);
        }

        for (var slot = 0; slot < ids.Count; slot++)
        {
            Assert.True(table.TryGet(ids[slot], out var found));
            Assert.Equal(slot, found);
        }
        Assert.All(removed, id => Assert.False(table.TryGet(id, out _)));
        Assert.False(table.Remove(removed.First(), out _));
    }
}
