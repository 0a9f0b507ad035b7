using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>Subjects' deletion requests (issue 16, point 5): recording, searching with a photo, confirming, and their crops.</summary>
internal static class SubjectsRegistration
{
    public static IServiceCollection AddSubjectDeletions(this IServiceCollection services)
    {
        services.AddSingleton<SubjectRequestAccess>();
        services.AddSingleton<SubjectDeletionRequests>();
        services.AddSingleton<SubjectRequestReader>();
        services.AddSingleton<SubjectPhotoSearch>();
        services.AddSingleton<SubjectDeletionConfirmation>();
        services.AddSingleton<SubjectMatchCrops>();
        return services;
    }
}
