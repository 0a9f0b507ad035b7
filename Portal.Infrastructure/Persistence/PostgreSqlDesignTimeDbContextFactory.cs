using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add … --context PostgreSqlPortalDbContext` build the PostgreSQL model. Adding a
/// migration never connects, so no server is needed; the connection string only names the provider.
/// </summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgreSqlPortalDbContext>
{
    public PostgreSqlPortalDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PortalDbContext>()
            .UseNpgsql("Host=localhost;Database=portal-design-time")
            .Options);
}
