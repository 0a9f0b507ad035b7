using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Auditing;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class AuditActorConfiguration : IEntityTypeConfiguration<AuditActor>
{
    public void Configure(EntityTypeBuilder<AuditActor> builder)
    {
        builder.HasKey(a => a.Key);
        // Same length as AuditEntry.Actor: the key is what the chain records.
        builder.Property(a => a.Key).HasMaxLength(256);
        builder.Property(a => a.DisplayName).HasMaxLength(256);
        builder.Property(a => a.Email).HasMaxLength(256);
    }
}
