using Microsoft.Extensions.DependencyInjection;

namespace Portal.Infrastructure.Accountability;

internal static class AccountabilityRegistration
{
    public static IServiceCollection AddAccountability(this IServiceCollection services) =>
        services.AddSingleton<AccountabilityReport>();
}
