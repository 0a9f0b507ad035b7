using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Queue;
using Portal.Infrastructure.Queue;

namespace Portal.Tests.Support;

/// <summary>
/// A job handler whose work the test scripts (hang, crash, throw); a dead letter still goes to the real handler,
/// so what the submitter sees is the portal's own.
/// </summary>
public sealed class ScriptedHandler(IJobHandler real, Func<RecognitionJob, ProgressReporter, CancellationToken, Task> run) : IJobHandler
{
    public JobKind Kind => real.Kind;

    public Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken) =>
        run(job, progress, cancellationToken);

    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) =>
        real.DeadLetteredAsync(job, reason, cancellationToken);
}

public static class ScriptedHandlers
{
    /// <summary>Replaces the registered handler of <paramref name="kind"/> with a script around the real one.</summary>
    public static IServiceCollection Script(this IServiceCollection services, JobKind kind,
        Func<IJobHandler, RecognitionJob, ProgressReporter, CancellationToken, Task> run)
    {
        var implementation = kind switch
        {
            JobKind.IndexGalleryImage => typeof(IndexImageHandler),
            JobKind.Evaluate => typeof(EvaluateHandler),
            _ => typeof(SearchProbeHandler),
        };
        services.Remove(services.Single(d => d.ServiceType == typeof(IJobHandler) && d.ImplementationType == implementation));
        return services.AddSingleton<IJobHandler>(provider =>
        {
            var real = (IJobHandler)ActivatorUtilities.CreateInstance(provider, implementation);
            return new ScriptedHandler(real, (job, progress, token) => run(real, job, progress, token));
        });
    }
}
