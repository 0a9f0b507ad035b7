using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.HasIndex(o => o.Name).IsUnique();
        builder.Property(o => o.Sector).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(o => o.Status);
        builder.Property(o => o.Country).HasMaxLength(100);
        builder.Property(o => o.Website).HasMaxLength(300);
        builder.Property(o => o.ContactPerson).HasMaxLength(200);
        builder.Property(o => o.MissionStatement).HasMaxLength(4000);
        builder.Property(o => o.DataUseAgreementVersion).HasMaxLength(20);
        builder.HasMany(o => o.History).WithOne().HasForeignKey(h => h.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(o => o.IsApproved);
    }
}

internal sealed class OrganisationStatusChangeConfiguration : IEntityTypeConfiguration<OrganisationStatusChange>
{
    public void Configure(EntityTypeBuilder<OrganisationStatusChange> builder)
    {
        builder.Property(h => h.From).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.To).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.Actor).HasMaxLength(256);
        builder.Property(h => h.Reason).HasMaxLength(2000);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(i => i.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.Role).HasMaxLength(40);
        builder.Property(i => i.InvitedBy).HasMaxLength(256);
    }
}
