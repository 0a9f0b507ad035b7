using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Lifecycle;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// Runs one organisation's retention sweep (the job's subject is the organisation); a re-run stages nothing twice.
/// Each sweep also deletes evaluation sets' folders left behind (platform data, swept with whichever organisation's
/// sweep runs first; the others find nothing left): photos of an ended run must not wait for anything.
/// </summary>
internal sealed class RetentionSweepHandler(RetentionSweep sweep, EvaluationFolderSweep evaluationFolders) : IJobHandler
{
    public JobKind Kind => JobKind.RetentionSweep;

    public async Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken)
    {
        await sweep.RunAsync(job.SubjectId, cancellationToken);
        await evaluationFolders.DeleteLeftoversAsync(cancellationToken);
    }

    // Nothing to tell a submitter: the next daily sweep tries again, and the dead letter shows on the queue page.
    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
