using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Identity;

namespace Portal.Infrastructure.Secrets;

internal static class ProtectedUserTokens
{
    /// <summary>Replaces the EF user store that AddEntityFrameworkStores registered (the last registration wins).</summary>
    public static IServiceCollection AddProtectedUserTokens(this IServiceCollection services) =>
        services.AddScoped<IUserStore<ApplicationUser>, ProtectedUserStore>().AddSingleton<SecretsAtRestUpgrade>();
}
