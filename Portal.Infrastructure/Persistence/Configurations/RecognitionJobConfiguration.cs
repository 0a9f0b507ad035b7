using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class RecognitionJobConfiguration : IEntityTypeConfiguration<RecognitionJob>
{
    public void Configure(EntityTypeBuilder<RecognitionJob> builder)
    {
        builder.Property(j => j.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(j => j.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(j => j.SubmittedBy).HasMaxLength(450);
        builder.Property(j => j.LeaseOwner).HasMaxLength(200);
        builder.Property(j => j.LastError).HasMaxLength(4000);
        builder.Property(j => j.FailureReason).HasMaxLength(1000);
        builder.Property(j => j.HeldReason).HasMaxLength(1000);
        // The claim query: queued work that is due, oldest first.
        builder.HasIndex(j => new { j.State, j.NotBefore, j.CreatedAt });
        builder.HasIndex(j => new { j.OrganisationId, j.State });
        builder.HasIndex(j => j.SubjectId);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(j => j.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(j => j.IsFinished);
    }
}
