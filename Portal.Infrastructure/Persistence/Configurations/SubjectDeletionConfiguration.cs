using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class SubjectDeletionRequestConfiguration : IEntityTypeConfiguration<SubjectDeletionRequest>
{
    public void Configure(EntityTypeBuilder<SubjectDeletionRequest> builder)
    {
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.OrganisationId, r.RecordedAt });
        builder.Property(r => r.Reach).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Requester).HasMaxLength(SubjectDeletionRequest.MaxRequesterLength);
        builder.Property(r => r.Reference).HasMaxLength(SubjectDeletionRequest.MaxReferenceLength);
        builder.Property(r => r.RecordedBy).HasMaxLength(450);
        builder.Property(r => r.ConfirmedBy).HasMaxLength(450);
        builder.Property(r => r.CancelledBy).HasMaxLength(450);
        builder.HasMany(r => r.Galleries).WithOne().HasForeignKey(g => g.RequestId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubjectDeletionGalleryConfiguration : IEntityTypeConfiguration<SubjectDeletionGallery>
{
    // No foreign key to the gallery: an erased gallery must not take the request's history with it.
    public void Configure(EntityTypeBuilder<SubjectDeletionGallery> builder)
    {
        builder.ToTable("SubjectDeletionGalleries");
        builder.HasKey(g => new { g.RequestId, g.GalleryId });
    }
}

internal sealed class SubjectDeletionMatchConfiguration : IEntityTypeConfiguration<SubjectDeletionMatch>
{
    public void Configure(EntityTypeBuilder<SubjectDeletionMatch> builder)
    {
        // Face, photo and gallery ids without foreign keys: the match outlives what it pointed at (that is the point).
        builder.HasOne<SubjectDeletionRequest>().WithMany().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.RequestId, m.FaceId }).IsUnique();
        builder.HasIndex(m => new { m.RequestId, m.OrganisationId, m.Selected });
    }
}
