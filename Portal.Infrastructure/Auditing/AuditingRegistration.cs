using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;

namespace Portal.Infrastructure.Auditing;

/// <summary>The hash-chained audit log: writing, checkpoints, verification, anonymous aggregation and the viewer's queries.</summary>
internal static class AuditingRegistration
{
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditKey>();
        services.AddSingleton<AuditPseudonyms>();
        services.AddSingleton<AuditActorMapping>();
        services.AddSingleton<AuditActors>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<AuditChainRekeyer>();
        services.AddSingleton<AuditExpiry>();
        services.AddHostedService<AuditCheckpointService>();
        services.AddSingleton<IAuditLog>(provider => provider.GetRequiredService<AuditLog>());
        services.AddSingleton<AnonymousAudit>();
        services.AddSingleton<IAnonymousAudit>(provider => provider.GetRequiredService<AnonymousAudit>());
        services.AddHostedService(provider => provider.GetRequiredService<AnonymousAudit>());
        services.AddScoped<AuditedIdentityChange>();
        services.AddSingleton<AuditQueries>();
        return services;
    }
}
