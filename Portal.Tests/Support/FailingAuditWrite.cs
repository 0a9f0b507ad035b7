using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// Fails every save that adds an audit entry while armed, as a full disk would fail that write: proves that a change
/// and its entry are one transaction (the change must not survive its entry).
/// </summary>
public sealed class FailingAuditWrite : SaveChangesInterceptor
{
    public bool Armed { get; set; }

    public void AddTo(IServiceCollection services) =>
        services.ConfigureDbContext<PortalDbContext>((_, options) => options.AddInterceptors(this));

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Armed && eventData.Context!.ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added))
            throw new IOException("disk full (test): the audit entry could not be written");
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
