using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Uploads;

/// <summary>Photo intake and storage, the per-person upload limit, and the pass that strips old stored metadata.</summary>
internal static class UploadsRegistration
{
    public static IServiceCollection AddUploads(this IServiceCollection services)
    {
        services.AddSingleton<FileStore>();
        services.AddSingleton<ImageIntake>();
        services.AddSingleton<StoredImageCleaner>();
        services.AddHostedService<StoredImageCleanupService>();
        services.AddSingleton<UploadRateLimiter>();
        return services;
    }
}
