using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Hosting;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add … --context PostgreSqlPortalDbContext` build the PostgreSQL model. It comes from
/// the portal's own registration, because Identity shapes its tables from the options registered there (schema
/// version 2: key and phone-number lengths); a bare context would describe other columns than the running portal
/// checks its migrations against. Adding a migration never connects, so no server is needed.
/// </summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlPortalDbContext>
{
    public PostgreSqlPortalDbContext CreateDbContext(string[] args)
    {
        var services = StandaloneServices.Build(new Dictionary<string, string?>
        {
            ["Portal:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Portal"] = "Host=localhost;Database=portal-design-time",
        }, Directory.GetCurrentDirectory());
        return (PostgreSqlPortalDbContext)services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
    }
}
