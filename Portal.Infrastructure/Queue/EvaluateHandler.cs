using Microsoft.Extensions.Options;
using Portal.Domain.Queue;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Queue;

/// <summary>Runs one evaluation set (the job's subject is its EvaluationRun); a retry starts it again from the first photo.</summary>
internal sealed class EvaluateHandler(EvaluationRunner runner, IOptions<EvaluationOptions> options) : IJobHandler
{
    public JobKind Kind => JobKind.Evaluate;

    public TimeSpan? TimeLimit => options.Value.JobTimeLimit;

    public Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken) =>
        runner.RunAsync(job.SubjectId, percent => progress(percent), cancellationToken);

    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) =>
        runner.FailAsync(job.SubjectId, reason, cancellationToken);
}
