using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class FacePipelineStateConfiguration : IEntityTypeConfiguration<FacePipelineState>
{
    public void Configure(EntityTypeBuilder<FacePipelineState> builder)
    {
        builder.ToTable("FacePipelineState");
        builder.Property(s => s.Id).ValueGeneratedNever();
        // The row exists from the migration on, so every process reads one answer; faces stored before versions were
        // kept are version 1, so that is the active version of an existing portal.
        builder.HasData(new FacePipelineState { Id = FacePipelineState.SingletonId, ActiveVersion = 1 });
    }
}
