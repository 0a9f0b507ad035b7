using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Persistence;

/// <summary>Hands out the context type whose migration set matches the configured provider.</summary>
internal sealed class PortalDbContextFactory(DbContextOptions<PortalDbContext> options, IOptions<DatabaseOptions> database)
    : IDbContextFactory<PortalDbContext>
{
    private readonly bool _postgreSql = database.Value.Provider == DatabaseProvider.PostgreSQL;

    public PortalDbContext CreateDbContext() =>
        _postgreSql ? new PostgreSqlPortalDbContext(options) : new PortalDbContext(options);
}
