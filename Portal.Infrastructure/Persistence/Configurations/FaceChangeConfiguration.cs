using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Faces;

namespace Portal.Infrastructure.Persistence.Configurations;

/// <summary>The face change log and the replicas' reports of how far they applied it (no DbSet: reached with <c>Set&lt;T&gt;()</c>).</summary>
internal sealed class FaceChangeConfiguration : IEntityTypeConfiguration<FaceChange>, IEntityTypeConfiguration<FaceIndexReplicaReport>
{
    public void Configure(EntityTypeBuilder<FaceChange> builder)
    {
        builder.ToTable("FaceChanges");
        // The position comes from the change log in the writing transaction (commit order), never from the database.
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasIndex(c => c.FaceId);
    }

    public void Configure(EntityTypeBuilder<FaceIndexReplicaReport> builder)
    {
        builder.ToTable("FaceIndexReplicas");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.MachineName).HasMaxLength(256);
        builder.HasIndex(r => r.HeartbeatAt);
    }
}
