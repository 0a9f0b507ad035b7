using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class StoredFaceConfiguration : IEntityTypeConfiguration<StoredFace>
{
    public void Configure(EntityTypeBuilder<StoredFace> builder)
    {
        builder.ToTable("Faces");
        builder.HasIndex(f => f.Sequence).IsUnique();
        builder.HasIndex(f => f.GalleryId);
        builder.HasIndex(f => f.ImageId);
        // A replica loads one version's faces: the active one.
        builder.HasIndex(f => f.PipelineVersion);
        builder.Property(f => f.Embedding).HasMaxLength(2048);
    }
}
