using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Cases;

/// <summary>Cases and their results: submission, queries, thresholds and the face crops a result shows.</summary>
internal static class CasesRegistration
{
    public static IServiceCollection AddCases(this IServiceCollection services)
    {
        services.AddSingleton<ThresholdService>();
        services.AddSingleton<ThresholdProposals>();
        services.AddSingleton<ThresholdHistory>();
        services.AddSingleton<CaseService>();
        services.AddSingleton<PersonTemplateService>();
        services.AddSingleton<PersonTemplateQueries>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<FaceCrops>();
        services.AddSingleton<CaseClosureService>();
        return services;
    }
}
