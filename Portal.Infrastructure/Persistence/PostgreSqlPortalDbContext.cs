using Microsoft.EntityFrameworkCore;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// The same context on PostgreSQL. A type of its own only because EF keeps one migration set per context type
/// (Migrations/PostgreSql); deriving keeps every <c>IDbContextFactory&lt;PortalDbContext&gt;</c> consumer, Identity
/// and the key ring working unchanged. The factory hands this type out when the provider is PostgreSQL.
/// </summary>
internal sealed class PostgreSqlPortalDbContext(DbContextOptions<PortalDbContext> options) : PortalDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Face numbers from a sequence, not MAX+1: many processes write faces (FaceNumbers).
        modelBuilder.HasSequence<long>(Face.FaceNumbers.SequenceName);
    }
}
