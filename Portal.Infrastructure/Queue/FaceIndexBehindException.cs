using Portal.Domain.Queue;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// Thrown by a search whose replica stayed behind past the bound, either short of the submission's log position or on a
/// pipeline version the portal has left: the attempt fails through the queue's usual path (retried with backoff,
/// dead-lettered after the last attempt), never searching stale faces.
/// </summary>
public sealed class FaceIndexBehindException : Exception
{
    public FaceIndexBehindException(long applied, long needed, TimeSpan bound) : base(JobFailures.IndexBehind(applied, needed, bound)) { }

    private FaceIndexBehindException(string message) : base(message) { }

    /// <summary>The replica still held <paramref name="held"/> when the portal's active version was <paramref name="active"/>.</summary>
    public static FaceIndexBehindException OnOldVersion(int held, int active, TimeSpan bound) => new(JobFailures.IndexOnOldVersion(held, active, bound));
}
