using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Imaging;

/// <summary>The guarded reader every untrusted image goes through.</summary>
internal static class ImagingRegistration
{
    public static IServiceCollection AddImaging(this IServiceCollection services) =>
        services.AddSingleton<SafeImageReader>();
}
