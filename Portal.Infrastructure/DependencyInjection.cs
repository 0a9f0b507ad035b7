using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Backup;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Common.Relay;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Health;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Lifecycle.Certificates;
using Portal.Infrastructure.Lifecycle.Holds;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Retention;
using Portal.Infrastructure.Review;
using Portal.Infrastructure.Secrets;
using Portal.Infrastructure.Transparency;
using Portal.Infrastructure.Seeding;
using Portal.Infrastructure.Uploads;
using Portal.Infrastructure.Users;

namespace Portal.Infrastructure;

/// <summary>
/// The one public entry point of the infrastructure layer. Each feature folder registers its own services in its
/// own <c>AddX</c> (a new feature adds one file and one line here); they are called flat, once each.
/// </summary>
public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddPortalOptions();
        services.AddCommon();
        services.AddRelay();
        services.AddPersistence();
        services.AddPortalIdentity();
        // After Identity: the protected user store replaces the one Identity registered (the last registration wins).
        services.AddSecrets(configuration);
        services.AddAuditing();
        services.AddSeeding();
        services.AddUsers();
        services.AddOrganisations();
        services.AddMessaging();
        services.AddMoratoria();
        services.AddImaging();
        services.AddFaceEngine();
        services.AddUploads();
        services.AddGalleries();
        services.AddCases();
        services.AddCrops();
        services.AddQueue();
        services.AddReview();
        services.AddRetention();
        services.AddAccountability();
        services.AddEvaluations();
        services.AddDeletionCertificates();
        services.AddLegalHolds();
        services.AddLifecycle();
        services.AddSubjectDeletions();
        services.AddPortalHealthChecks();
        services.AddBackups();
        services.AddTransparency();
        return services;
    }

    /// <summary>
    /// Migrates and seeds, before the portal serves a request. The composition root's one scope: start-up work is
    /// scoped (user managers), and nothing else in the layer fetches services from a scope.
    /// </summary>
    public static async Task<SeedReport> InitialisePortalAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalInitialiser>().InitialiseAsync(cancellationToken);
    }
}
