using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Review;

/// <summary>The two-person review of candidates, its records and the export of confirmed leads.</summary>
internal static class ReviewRegistration
{
    public static IServiceCollection AddReview(this IServiceCollection services)
    {
        services.AddSingleton<ReviewerCheck>();
        services.AddSingleton<ReviewQueries>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<ReviewRecords>();
        services.AddSingleton<LeadsExporter>();
        services.AddSingleton<OperationalAccuracy>();
        return services;
    }
}
