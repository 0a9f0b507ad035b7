using Portal.Domain.Queue;

namespace Portal.Infrastructure.Queue;

/// <summary>Reports progress (0–100) and renews the lease; throws when the job was cancelled or its lease lost.</summary>
public delegate Task ProgressReporter(int percent);

/// <summary>Does one kind of job. Results must be written keyed by the job's subject, so running twice leaves one result set.</summary>
public interface IJobHandler
{
    JobKind Kind { get; }

    /// <summary>This kind's limit on one attempt, when it differs from the queue's (an evaluation set runs for long).</summary>
    TimeSpan? TimeLimit => null;

    Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken);

    /// <summary>
    /// The last attempt failed (or its worker died): record the failure where the submitter sees it, in the plain
    /// <paramref name="reason"/> given (never an exception's text: it can name server paths).
    /// </summary>
    Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken);
}

/// <summary>The job was cancelled by its submitter while running.</summary>
public sealed class JobCancelledException : Exception;

/// <summary>Another worker holds the job now (this worker's lease expired); this one must stop without writing.</summary>
public sealed class LeaseLostException : Exception;
