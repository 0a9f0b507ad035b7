using Portal.Domain.Queue;
using Portal.Infrastructure.Face;

namespace Portal.Infrastructure.Queue;

/// <summary>Runs the re-index (the job's subject is its run); a retry resumes at the last checkpoint, not from the first photo.</summary>
internal sealed class ReindexHandler(FaceReindex reindex) : IJobHandler
{
    public JobKind Kind => JobKind.Reindex;

    /// <summary>Every photo of the portal: hours on a large one. Each batch is kept, so a limit only costs the batch under way.</summary>
    public TimeSpan? TimeLimit => TimeSpan.FromDays(1);

    public Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken) =>
        reindex.RunAsync(job.SubjectId, job.Attempts, percent => progress(percent), cancellationToken);

    // Searches go on with the active version; the dead letter shows on the queue page, and its retry resumes.
    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
