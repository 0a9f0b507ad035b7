using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Galleries;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class GalleryConfiguration : IEntityTypeConfiguration<Gallery>
{
    public void Configure(EntityTypeBuilder<Gallery> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(g => g.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(g => new { g.OrganisationId, g.Name }).IsUnique();
        builder.Property(g => g.Name).HasMaxLength(Gallery.MaxNameLength);
        builder.Property(g => g.Description).HasMaxLength(Gallery.MaxDescriptionLength);
        builder.Property(g => g.Source).HasMaxLength(Gallery.MaxSourceLength);
        builder.Property(g => g.CreatedBy).HasMaxLength(256);
        builder.Property(g => g.TrashedBy).HasMaxLength(450);
    }
}

internal sealed class GalleryShareConfiguration : IEntityTypeConfiguration<GalleryShare>
{
    public void Configure(EntityTypeBuilder<GalleryShare> builder)
    {
        builder.HasKey(s => new { s.GalleryId, s.OrganisationId });
        builder.HasOne<Gallery>().WithMany().HasForeignKey(s => s.GalleryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(s => s.SharedBy).HasMaxLength(256);
    }
}

internal sealed class GalleryImageConfiguration : IEntityTypeConfiguration<GalleryImage>
{
    public void Configure(EntityTypeBuilder<GalleryImage> builder)
    {
        builder.HasOne<Gallery>().WithMany().HasForeignKey(i => i.GalleryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.GalleryId, i.UploadedAt });
        builder.Property(i => i.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.DisplayName).HasMaxLength(260);
        builder.Property(i => i.StoredName).HasMaxLength(80);
        builder.Property(i => i.OriginalSha256).HasMaxLength(64);
        builder.Property(i => i.UploadedBy).HasMaxLength(256);
        builder.Property(i => i.OutcomeDetails).HasMaxLength(4000);
        builder.Property(i => i.TrashedBy).HasMaxLength(450);
    }
}
