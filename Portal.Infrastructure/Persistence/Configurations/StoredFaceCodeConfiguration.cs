using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class StoredFaceCodeConfiguration : IEntityTypeConfiguration<StoredFaceCode>
{
    public void Configure(EntityTypeBuilder<StoredFaceCode> builder)
    {
        builder.ToTable("FaceCodes");
        builder.HasKey(c => c.FaceId);
        // Biometric-derived: it goes with its face by every delete path, since the database removes it.
        builder.HasOne<StoredFace>().WithOne().HasForeignKey<StoredFaceCode>(c => c.FaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Code).HasMaxLength(FaceCodes.Bytes);
    }
}
