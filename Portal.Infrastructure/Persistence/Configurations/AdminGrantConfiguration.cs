using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Identity;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class AdminGrantConfiguration : IEntityTypeConfiguration<AdminGrant>
{
    public void Configure(EntityTypeBuilder<AdminGrant> builder)
    {
        builder.Property(g => g.State).HasConversion<string>().HasMaxLength(20);
        // Ids without foreign keys, as on threshold proposals: the record outlives an erased account.
        foreach (var id in new[] { nameof(AdminGrant.UserId), nameof(AdminGrant.RequestedBy), nameof(AdminGrant.ConfirmedBy),
                     nameof(AdminGrant.CancelledBy), nameof(AdminGrant.RevokedBy) })
            builder.Property(id).HasMaxLength(450);
        // A person's grant in force and the pending list each read by these.
        builder.HasIndex(g => new { g.UserId, g.State });
        builder.HasIndex(g => g.State);
    }
}
