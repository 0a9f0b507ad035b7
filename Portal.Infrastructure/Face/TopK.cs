namespace Portal.Infrastructure.Face;

/// <summary>The best N (score, slot) pairs seen so far: a min-heap, so the worst kept is checked in O(1).</summary>
internal sealed class TopK(int capacity)
{
    private readonly (float Score, int Slot)[] _heap = new (float, int)[capacity];

    public int Count { get; private set; }

    /// <summary>The score a newcomer must beat once the heap is full.</summary>
    public float Floor => Count < capacity ? float.NegativeInfinity : _heap[0].Score;

    /// <summary>The best score offered but not kept (turned away or pushed out); −∞ while nothing was lost.</summary>
    public float Dropped { get; private set; } = float.NegativeInfinity;

    public void Offer(float score, int slot)
    {
        if (Count < capacity)
        {
            _heap[Count] = (score, slot);
            SiftUp(Count++);
        }
        else if (score > _heap[0].Score)
        {
            Dropped = Math.Max(Dropped, _heap[0].Score);
            _heap[0] = (score, slot);
            SiftDown(0);
        }
        else
        {
            Dropped = Math.Max(Dropped, score);
        }
    }

    /// <summary>Records a score the caller turned away itself without offering it.</summary>
    public void Drop(float score) => Dropped = Math.Max(Dropped, score);

    public IEnumerable<(float Score, int Slot)> Items => _heap.Take(Count);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (_heap[parent].Score <= _heap[i].Score)
                return;
            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var smallest = i;
            int left = 2 * i + 1, right = left + 1;
            if (left < Count && _heap[left].Score < _heap[smallest].Score) smallest = left;
            if (right < Count && _heap[right].Score < _heap[smallest].Score) smallest = right;
            if (smallest == i)
                return;
            (_heap[smallest], _heap[i]) = (_heap[i], _heap[smallest]);
            i = smallest;
        }
    }
}
