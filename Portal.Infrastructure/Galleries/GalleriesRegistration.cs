using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Galleries;

/// <summary>Galleries: who may see them, their photos, and sharing.</summary>
internal static class GalleriesRegistration
{
    public static IServiceCollection AddGalleries(this IServiceCollection services)
    {
        services.AddSingleton<GalleryAccess>();
        services.AddSingleton<GalleryService>();
        services.AddSingleton<GallerySharing>();
        return services;
    }
}
