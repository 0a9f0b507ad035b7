using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Evaluations;

/// <summary>Evaluation sets: upload, the run the queue job does, and the reports.</summary>
internal static class EvaluationsRegistration
{
    public static IServiceCollection AddEvaluations(this IServiceCollection services)
    {
        services.AddSingleton<EvaluationFolders>();
        services.AddSingleton<EvaluationUploads>();
        services.AddSingleton<EvaluationRunner>();
        services.AddSingleton<EvaluationPhotoDeletion>();
        services.AddSingleton<EvaluationFolderSweep>();
        services.AddSingleton<EvaluationFolderSweepService>();
        services.AddHostedService(provider => provider.GetRequiredService<EvaluationFolderSweepService>());
        services.AddSingleton<IFreeDiskSpace, DriveFreeSpace>();
        services.AddSingleton<EvaluationQueries>();
        return services;
    }
}
