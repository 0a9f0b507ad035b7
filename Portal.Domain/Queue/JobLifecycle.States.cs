namespace Portal.Domain.Queue;

public static partial class JobLifecycle
{
    // The sets below are the filters of the queue's conditional UPDATEs and the preconditions of the pure moves, so
    // the two cannot drift. None holds Running: a running job has a lease, and only its worker (or the lease's
    // expiry) moves it; others ask it to stop (CancelRequested) and the worker records the move.

    /// <summary>Jobs a worker may claim (when due): waiting in the queue, no lease held.</summary>
    public static readonly IReadOnlyList<JobState> Claimable = [JobState.Queued];

    /// <summary>
    /// Jobs stopped at once when their submitter cancels or their subject is deleted. Dead-lettered ones included: a
    /// dead letter only waits for an admin's retry, and a retry after a cancel or a delete would run work nobody
    /// wants against a subject that may be gone.
    /// </summary>
    public static readonly IReadOnlyList<JobState> Cancellable = [JobState.Queued, JobState.HeldByMoratorium, JobState.DeadLettered];

    /// <summary>Jobs a moratorium sweep holds: waiting ones. A running job is held by its worker's gate, which gives up the lease.</summary>
    public static readonly IReadOnlyList<JobState> Holdable = [JobState.Queued];

    /// <summary>Jobs released when their organisation may work again.</summary>
    public static readonly IReadOnlyList<JobState> Releasable = [JobState.HeldByMoratorium];

    /// <summary>Jobs an admin may send back to the queue.</summary>
    public static readonly IReadOnlyList<JobState> Retryable = [JobState.DeadLettered];

    /// <summary>Work not yet started that a moratorium or a suspension bears on: held now, or to be held.</summary>
    public static readonly IReadOnlyList<JobState> Waiting = [.. Holdable, .. Releasable];

    /// <summary>
    /// Kinds never held for a moratorium or a suspension: they delete data, and deleting data must not wait for a
    /// moratorium to end (issue 16). An evaluation run is the platform's own testing, of no organisation, so no
    /// organisation's standing bears on it; nor on a re-index, the platform's own upkeep of every gallery.
    /// </summary>
    public static readonly IReadOnlyList<JobKind> NeverHeld = [JobKind.RetentionSweep, JobKind.Erase, JobKind.Evaluate, JobKind.Reindex];
}
