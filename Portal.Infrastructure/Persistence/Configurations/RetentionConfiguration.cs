using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Organisations;
using Portal.Domain.Retention;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class RetentionRuleConfiguration : IEntityTypeConfiguration<RetentionRule>
{
    public void Configure(EntityTypeBuilder<RetentionRule> builder)
    {
        // One rule per kind: the kind is the key, stored by name so the table reads as the schedule does.
        builder.HasKey(r => r.Kind);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Clock).HasConversion<string>().HasMaxLength(40);
        builder.Property(r => r.Explanation).HasMaxLength(RetentionRule.MaxExplanationLength);
    }
}

internal sealed class RetentionRevisionConfiguration : IEntityTypeConfiguration<RetentionRevision>
{
    public void Configure(EntityTypeBuilder<RetentionRevision> builder)
    {
        builder.HasIndex(r => r.At);
        builder.Property(r => r.Actor).HasMaxLength(256);
        builder.Property(r => r.Change).HasMaxLength(2000);
        builder.Property(r => r.Reason).HasMaxLength(RetentionRevision.MaxReasonLength);
    }
}

internal sealed class OrganisationRetentionConfiguration : IEntityTypeConfiguration<OrganisationRetention>
{
    public void Configure(EntityTypeBuilder<OrganisationRetention> builder)
    {
        builder.HasKey(r => new { r.OrganisationId, r.Kind });
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(40);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Cascade);
    }
}
