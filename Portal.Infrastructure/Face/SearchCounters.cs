namespace Portal.Infrastructure.Face;

/// <summary>How an index answered its searches: the benchmark reports these beside the timings.</summary>
internal sealed class SearchCounters
{
    private long _shortlisted;
    private long _shortlistedFaces;
    private long _fellBack;

    public long ShortlistSearches => Interlocked.Read(ref _shortlisted);
    public long ShortlistedFaces => Interlocked.Read(ref _shortlistedFaces);
    public long ExactScans => Interlocked.Read(ref _fellBack);

    public void Shortlisted(int faces)
    {
        Interlocked.Increment(ref _shortlisted);
        Interlocked.Add(ref _shortlistedFaces, faces);
    }

    public void FellBack() => Interlocked.Increment(ref _fellBack);
}
