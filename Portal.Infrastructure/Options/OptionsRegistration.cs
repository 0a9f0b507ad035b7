using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Options;

/// <summary>Every configuration section, bound and validated at start, so a bad setting stops the portal at once.</summary>
internal static class OptionsRegistration
{
    public static IServiceCollection AddPortalOptions(this IServiceCollection services)
    {
        services.AddValidatedOptions<PortalOptions>(PortalOptions.Section);
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        services.AddValidatedOptions<SecurityOptions>(SecurityOptions.Section);
        services.AddValidatedOptions<AuditOptions>(AuditOptions.Section);
        services.AddValidatedOptions<EmailOptions>(EmailOptions.Section);
        services.AddValidatedOptions<MoratoriumOptions>(MoratoriumOptions.Section);
        services.AddValidatedOptions<FaceOptions>(FaceOptions.Section);
        services.AddValidatedOptions<ImageLimits>(ImageLimits.Section);
        services.AddValidatedOptions<UploadOptions>(UploadOptions.Section);
        services.AddValidatedOptions<QueueOptions>(QueueOptions.Section);
        services.AddValidatedOptions<CropOptions>(CropOptions.Section);
        services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        services.AddValidatedOptions<RelayOptions>(RelayOptions.Section);
        services.AddOptions<DatabaseOptions>().Configure<IConfiguration>((options, configuration) =>
            options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName));
        services.AddValidatedOptions<FaceIndexOptions>(FaceIndexOptions.Section);
        services.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        services.AddValidatedOptions<EvaluationOptions>(EvaluationOptions.Section);
        return services;
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
