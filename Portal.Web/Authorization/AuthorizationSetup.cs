using Microsoft.AspNetCore.Authorization;
using Portal.Domain.Identity;

namespace Portal.Web.Authorization;

internal static class AuthorizationSetup
{
    public static IServiceCollection AddPortalAuthorization(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, TwoFactorEnrolledHandler>();
        services.AddSingleton<IAuthorizationHandler, ApprovedOrganisationHandler>();
        services.AddSingleton<IAuthorizationHandler, OrganisationAdminHandler>();
        services.AddSingleton<IAuthorizationHandler, LifecycleAdminHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AdminArea, policy => policy.RequireRole(Roles.PlatformAdmin))
            .AddPolicy(Policies.PlatformAdmin, policy => policy
                .RequireRole(Roles.PlatformAdmin)
                .AddRequirements(new TwoFactorEnrolledRequirement()))
            .AddPolicy(Policies.PartnerStaff, policy => policy
                .RequireRole(Roles.PartnerStaff)
                .AddRequirements(new ApprovedOrganisationRequirement()))
            .AddPolicy(Policies.Reviewer, policy => policy
                .RequireRole(Roles.Reviewer)
                .AddRequirements(new ApprovedOrganisationRequirement()))
            .AddPolicy(Policies.PartnerMember, policy => policy
                .RequireRole(Roles.PartnerStaff, Roles.Reviewer)
                .AddRequirements(new ApprovedOrganisationRequirement()))
            .AddPolicy(Policies.OrganisationAdmin, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new OrganisationAdminRequirement()))
            .AddPolicy(Policies.DeletionRequests, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new LifecycleAdminRequirement()))
            .AddPolicy(Policies.DeletionCertificates, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new LifecycleAdminRequirement()));
        return services;
    }
}
