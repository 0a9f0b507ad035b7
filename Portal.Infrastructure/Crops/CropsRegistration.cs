using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Crops;

/// <summary>Stored face crops: made by the queue jobs, served from files, backfilled behind a decode gate.</summary>
internal static class CropsRegistration
{
    public static IServiceCollection AddCrops(this IServiceCollection services)
    {
        services.AddSingleton<CropFiles>();
        services.AddSingleton<CropDecodeGate>();
        services.AddSingleton<CropBackfill>();
        services.AddSingleton<FaceCropMaker>();
        return services;
    }
}
