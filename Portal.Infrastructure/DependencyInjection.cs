using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Review;
using Portal.Domain.Messaging;
using Portal.Infrastructure.Common;
using Portal.Domain.Faces;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Uploads;
using Portal.Infrastructure.Health;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Seeding;
using Portal.Infrastructure.Secrets;
using Portal.Infrastructure.Users;

namespace Portal.Infrastructure;

/// <summary>The one public entry point of the infrastructure layer.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PortalOptions>(PortalOptions.Section);
        services.AddValidatedOptions<AdminOptions>(AdminOptions.Section);
        services.AddValidatedOptions<SecurityOptions>(SecurityOptions.Section);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DataPaths>();
        services.AddDbContextFactory<PortalDbContext>((provider, options) => options
            .UseSqlite($"Data Source={provider.GetRequiredService<DataPaths>().Database};Default Timeout=30")
            .AddInterceptors(new SqliteConnectionSetup()));

        services.AddDataProtection()
            .SetApplicationName("Reunite Portal")
            .PersistKeysToDbContext<PortalDbContext>();
        services.AddDataProtection().ProtectKeysWithKeyRingCertificate(configuration);

        services.AddIdentity();
        services.AddProtectedUserTokens();
        services.AddSingleton<AuditLog>();
        services.AddValidatedOptions<AuditOptions>(AuditOptions.Section);
        services.AddSingleton<AuditKey>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddSingleton<AuditChainVerifier>();
        services.AddSingleton<AuditChainRekeyer>();
        services.AddHostedService<AuditCheckpointService>();
        services.AddSingleton<IAuditLog>(provider => provider.GetRequiredService<AuditLog>());
        services.AddSingleton<AnonymousAudit>();
        services.AddSingleton<IAnonymousAudit>(provider => provider.GetRequiredService<AnonymousAudit>());
        services.AddHostedService(provider => provider.GetRequiredService<AnonymousAudit>());
        services.AddScoped<AuditedIdentityChange>();

        services.AddScoped<DatabaseInitialiser>();
        services.AddScoped<IdentitySeeder>();
        services.AddScoped<DemoDataSeeder>();
        services.AddSingleton<PortalInitialiser>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<MembershipLookup>();
        services.AddSingleton<PartnerApplications>();
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<ApplicationMails>();
        services.AddSingleton<ConfirmationResends>();
        services.AddSingleton<OrganisationAdministration>();
        services.AddSingleton<OrganisationMembers>();
        services.AddEmail();
        services.AddMoratoria();
        services.AddFaceEngine();
        services.AddSearchWork();

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    private static void AddIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B); twelve characters at least.
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 5;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version2;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<AuditingSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.AddOptions<IdentityOptions>().Configure<IOptions<SecurityOptions>>((identity, security) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = security.Value.MaxFailedAccessAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = security.Value.LockoutDuration;
        });
        services.AddSingleton<UnknownAccountLockouts>();
    }

    private static void AddSearchWork(this IServiceCollection services)
    {
        services.AddValidatedOptions<UploadOptions>(UploadOptions.Section);
        services.AddValidatedOptions<QueueOptions>(QueueOptions.Section);
        services.AddSingleton<FileStore>();
        services.AddSingleton<ImageIntake>();
        services.AddSingleton<StoredImageCleaner>();
        services.AddHostedService<StoredImageCleanupService>();
        services.AddSingleton<UploadRateLimiter>();
        services.AddSingleton<GalleryAccess>();
        services.AddSingleton<GalleryService>();
        services.AddSingleton<GallerySharing>();
        services.AddSingleton<ThresholdService>();
        services.AddSingleton<CaseService>();
        services.AddSingleton<CaseQueries>();
        services.AddSingleton<FaceCrops>();
        services.AddValidatedOptions<CropOptions>(CropOptions.Section);
        services.AddSingleton<CropFiles>();
        services.AddSingleton<CropDecodeGate>();
        services.AddSingleton<CropBackfill>();
        services.AddSingleton<FaceCropMaker>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<QueueAdministration>();
        services.AddSingleton<IJobHandler, IndexImageHandler>();
        services.AddSingleton<IJobHandler, SearchProbeHandler>();
        services.AddSingleton<QueueWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<QueueWorker>());
        services.AddHealthChecks().AddCheck<QueueHealthCheck>("queue");
        services.AddReview();
    }

    private static void AddReview(this IServiceCollection services)
    {
        services.AddSingleton<ReviewerCheck>();
        services.AddSingleton<ReviewQueries>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<ReviewRecords>();
        services.AddSingleton<LeadsExporter>();
        services.AddSingleton<AuditQueries>();
    }

    private static void AddFaceEngine(this IServiceCollection services)
    {
        services.AddValidatedOptions<FaceOptions>(FaceOptions.Section);
        services.AddValidatedOptions<ImageLimits>(ImageLimits.Section);
        services.AddSingleton<SafeImageReader>();
        services.AddSingleton<ModelStore>();
        services.AddSingleton<FacePipeline>();
        services.AddSingleton<IFaceAnalyzer>(provider => provider.GetRequiredService<FacePipeline>());
        services.AddSingleton<InMemoryFaceIndex>();
        services.AddSingleton<IFaceIndex>(provider => provider.GetRequiredService<InMemoryFaceIndex>());
        services.AddSingleton<FaceStore>();
        services.AddHostedService<FaceIndexLoader>();
        services.AddHealthChecks().AddCheck<FaceModelsHealthCheck>("models");
    }

    private static void AddMoratoria(this IServiceCollection services)
    {
        services.AddValidatedOptions<MoratoriumOptions>(MoratoriumOptions.Section);
        services.AddSingleton<SessionTerminator>();
        services.AddSingleton(typeof(Notifier<>));
        services.AddSingleton<MoratoriumSchedule>();
        services.AddSingleton<MoratoriumGate>();
        services.AddSingleton<MoratoriumEnforcer>();
        services.AddSingleton<JobGate>();
        services.AddHostedService(provider => provider.GetRequiredService<MoratoriumEnforcer>());
    }

    private static void AddEmail(this IServiceCollection services)
    {
        services.AddValidatedOptions<EmailOptions>(EmailOptions.Section);
        services.AddSingleton<PickupFolderEmailSender>();
        services.AddSingleton<IMailPickup>(provider => provider.GetRequiredService<PickupFolderEmailSender>());
        services.AddSingleton<IEmailSender>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Delivery == EmailDelivery.Smtp
                ? new SmtpEmailSender(provider.GetRequiredService<IOptions<EmailOptions>>())
                : provider.GetRequiredService<PickupFolderEmailSender>());
    }

    private static void AddValidatedOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
