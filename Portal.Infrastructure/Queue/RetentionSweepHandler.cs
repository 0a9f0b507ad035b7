using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Lifecycle;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// Runs one organisation's retention sweep (the job's subject is the organisation); a re-run stages nothing twice.
/// (Evaluation sets' folders left behind are platform data, swept on their own schedule: <see cref="EvaluationFolderSweepService"/>.)
/// </summary>
internal sealed class RetentionSweepHandler(RetentionSweep sweep) : IJobHandler
{
    public JobKind Kind => JobKind.RetentionSweep;

    public Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken) =>
        sweep.RunAsync(job.SubjectId, cancellationToken);

    // Nothing to tell a submitter: the next daily sweep tries again, and the dead letter shows on the queue page.
    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
