using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(h => h.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        // A purge asks "is anything holding this target?" for each thing it is about to erase.
        builder.HasIndex(h => new { h.Scope, h.TargetId });
        builder.HasIndex(h => h.OrganisationId);
        builder.Property(h => h.Scope).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Reason).HasMaxLength(LegalHold.MaxReasonLength);
        builder.Property(h => h.Reference).HasMaxLength(LegalHold.MaxReferenceLength);
        builder.Property(h => h.ReleaseReason).HasMaxLength(LegalHold.MaxReasonLength);
        builder.Property(h => h.PlacedBy).HasMaxLength(450);
        builder.Property(h => h.ConfirmedBy).HasMaxLength(450);
        builder.Property(h => h.ReleaseRequestedBy).HasMaxLength(450);
        builder.Property(h => h.ReleaseConfirmedBy).HasMaxLength(450);
    }
}

internal sealed class ErasureRecordConfiguration : IEntityTypeConfiguration<ErasureRecord>
{
    public void Configure(EntityTypeBuilder<ErasureRecord> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(e => e.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.OrganisationId, e.RequestedAt });
        builder.HasIndex(e => new { e.Scope, e.ScopeId });
        builder.Property(e => e.Cause).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Scope).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.CauseReference).HasMaxLength(200);
        builder.Property(e => e.RequestedBy).HasMaxLength(450);
    }
}

internal sealed class ErasureSkipConfiguration : IEntityTypeConfiguration<ErasureSkip>
{
    public void Configure(EntityTypeBuilder<ErasureSkip> builder)
    {
        builder.HasOne<ErasureRecord>().WithMany().HasForeignKey(s => s.ErasureRecordId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<LegalHold>().WithMany().HasForeignKey(s => s.HoldId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.Scope, s.ScopeId });
        builder.Property(s => s.Scope).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Reason).HasMaxLength(2000);
    }
}
