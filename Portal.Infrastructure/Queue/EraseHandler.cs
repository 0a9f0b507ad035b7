using Portal.Domain.Queue;
using Portal.Infrastructure.Lifecycle;

namespace Portal.Infrastructure.Queue;

/// <summary>Runs one erasure (the job's subject is its ErasureRecord); a retry finishes what an earlier attempt left.</summary>
internal sealed class EraseHandler(BiometricEraser eraser, ErasureAudit audit) : IJobHandler
{
    public JobKind Kind => JobKind.Erase;

    public Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken) =>
        eraser.RunAsync(job.SubjectId, cancellationToken);

    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) =>
        audit.FailedAsync(job.SubjectId, job.OrganisationId, job.Attempts, cancellationToken);
}
