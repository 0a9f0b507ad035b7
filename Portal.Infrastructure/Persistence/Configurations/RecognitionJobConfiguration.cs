using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
        // No foreign key to Organisations: an evaluation run is the platform's own work and has no organisation
        // (Guid.Empty); organisations are never deleted (they are suspended), so the key guarded nothing else.
        builder.Ignore(j => j.IsFinished);
    }
}
