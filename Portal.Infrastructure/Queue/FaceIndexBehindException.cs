using Portal.Domain.Queue;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// Thrown by a search whose replica stayed behind the submission's log position past the bound: the attempt fails
/// through the queue's usual path (retried with backoff, dead-lettered after the last attempt), never searching stale faces.
/// </summary>
public sealed class FaceIndexBehindException(long applied, long needed, TimeSpan bound)
    : Exception(JobFailures.IndexBehind(applied, needed, bound));
