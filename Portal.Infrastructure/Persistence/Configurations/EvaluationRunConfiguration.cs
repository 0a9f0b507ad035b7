using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Evaluations;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class EvaluationRunConfiguration : IEntityTypeConfiguration<EvaluationRun>
{
    public void Configure(EntityTypeBuilder<EvaluationRun> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(EvaluationRun.MaxNameLength);
        builder.Property(r => r.UploadedBy).HasMaxLength(450);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.FailureReason).HasMaxLength(1000);
        // The list is newest first; the accountability report asks for the latest completed run.
        builder.HasIndex(r => new { r.State, r.CompletedAt });
        builder.HasIndex(r => r.UploadedAt);
    }
}
