using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Users;

/// <summary>The platform admin's user administration, and the two-admin grants of the admin role.</summary>
internal static class UsersRegistration
{
    public static IServiceCollection AddUsers(this IServiceCollection services) =>
        services.AddSingleton<UserAdministration>()
            .AddSingleton<AdminGrantRequests>()
            .AddSingleton<AdminGrants>()
            .AddSingleton<OperatorAdminGrants>();
}
