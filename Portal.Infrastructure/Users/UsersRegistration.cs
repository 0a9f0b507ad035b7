using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Users;

/// <summary>The platform admin's user administration.</summary>
internal static class UsersRegistration
{
    public static IServiceCollection AddUsers(this IServiceCollection services) =>
        services.AddSingleton<UserAdministration>();
}
