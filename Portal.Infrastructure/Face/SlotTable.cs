namespace Portal.Infrastructure.Face;

/// <summary>
/// Which slot holds a face: an open-addressing table of slot numbers whose keys are read from the index's own id
/// column, so ten million faces cost 4 bytes each (about 7 with the spare room) where a Dictionary would cost 30+.
/// Linear probing with backward-shift removal, so no tombstones pile up under purges.
/// </summary>
internal sealed class SlotTable(Func<int, Guid> faceAt)
{
    private const int Empty = 0; // entries hold slot + 1
    private int[] _entries = new int[1024];
    private int _count;

    public bool TryGet(Guid faceId, out int slot)
    {
        var position = Find(faceId);
        slot = position < 0 ? -1 : _entries[position] - 1;
        return position >= 0;
    }

    /// <summary>Adds a face known to be absent. Grows first: growing re-reads the ids of the faces already in.</summary>
    public void Add(Guid faceId, int slot)
    {
        if ((_count + 1) * 4 > _entries.Length * 3)
            Grow();
        var position = Home(faceId, _entries.Length);
        while (_entries[position] != Empty)
            position = (position + 1) & (_entries.Length - 1);
        _entries[position] = slot + 1;
        _count++;
    }

    /// <summary>Forgets every face (the index is being wiped).</summary>
    public void Clear()
    {
        Array.Clear(_entries);
        _count = 0;
    }

    /// <summary>Points a face already in the table at a new slot (the index moved it to fill a hole).</summary>

    public void Move(Guid faceId, int slot) => _entries[Find(faceId)] = slot + 1;

    public bool Remove(Guid faceId, out int slot)
    {
        var hole = Find(faceId);
        slot = hole < 0 ? -1 : _entries[hole] - 1;
        if (hole < 0)
            return false;
        // Pull later entries of the same probe run back over the hole, so every lookup still finds its face.
        var mask = _entries.Length - 1;
        for (var next = (hole + 1) & mask; _entries[next] != Empty; next = (next + 1) & mask)
        {
            var home = Home(faceAt(_entries[next] - 1), _entries.Length);
            var reachable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
            if (reachable)
            {
                _entries[hole] = _entries[next];
                hole = next;
            }
        }
        _entries[hole] = Empty;
        _count--;
        return true;
    }

    private int Find(Guid faceId)
    {
        var mask = _entries.Length - 1;
        for (var position = Home(faceId, _entries.Length); _entries[position] != Empty; position = (position + 1) & mask)
        {
            if (faceAt(_entries[position] - 1) == faceId)
                return position;
        }
        return -1;
    }

    private void Grow()
    {
        var entries = new int[_entries.Length * 2];
        foreach (var entry in _entries)
        {
            if (entry == Empty)
                continue;
            var position = Home(faceAt(entry - 1), entries.Length);
            while (entries[position] != Empty)
                position = (position + 1) & (entries.Length - 1);
            entries[position] = entry;
        }
        _entries = entries;
    }

    /// <summary>Fibonacci hashing of the id's hash: spreads sequential or patterned ids over the whole table.</summary>
    private static int Home(Guid faceId, int length) =>
        (int)((uint)faceId.GetHashCode() * 2654435769u >> (32 - System.Numerics.BitOperations.Log2((uint)length)));
}
