using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Organisations;

/// <summary>Partner applications, vetting, membership and invitations.</summary>
internal static class OrganisationsRegistration
{
    public static IServiceCollection AddOrganisations(this IServiceCollection services)
    {
        services.AddSingleton<MembershipLookup>();
        services.AddSingleton<PartnerApplications>();
        services.AddSingleton<ApplicationMails>();
        services.AddSingleton<ConfirmationResends>();
        services.AddSingleton<OrganisationAdministration>();
        services.AddSingleton<OrganisationMembers>();
        return services;
    }
}
