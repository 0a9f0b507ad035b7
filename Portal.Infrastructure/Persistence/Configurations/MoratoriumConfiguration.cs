using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class MoratoriumConfiguration : IEntityTypeConfiguration<Moratorium>
{
    public void Configure(EntityTypeBuilder<Moratorium> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(200);
        builder.Property(m => m.PublicStatement).HasMaxLength(8000);
        // A short list of enum names, stored readably ("LawEnforcement,OtherGovernment").
        builder.Property(m => m.Sectors)
            .HasConversion(
                sectors => string.Join(',', sectors),
                text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Sector>).ToList(),
                new ValueComparer<List<Sector>>((a, b) => a!.SequenceEqual(b!), list => list.Aggregate(0, (h, s) => HashCode.Combine(h, s)), list => list.ToList()))
            .HasMaxLength(400);
        builder.OwnsMany(m => m.Exemptions, exemption =>
        {
            exemption.ToTable("MoratoriumExemptions");
            exemption.WithOwner().HasForeignKey("MoratoriumId");
            exemption.Property<int>("Id");
            exemption.HasKey("Id");
            exemption.Property(e => e.Reason).HasMaxLength(1000);
        });
        builder.HasMany(m => m.Revisions).WithOne().HasForeignKey(r => r.MoratoriumId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Revisions).AutoInclude();
    }
}

internal sealed class MoratoriumRevisionConfiguration : IEntityTypeConfiguration<MoratoriumRevision>
{
    public void Configure(EntityTypeBuilder<MoratoriumRevision> builder)
    {
        builder.Property(r => r.Actor).HasMaxLength(256);
        builder.Property(r => r.Change).HasMaxLength(2000);
        builder.Property(r => r.Reason).HasMaxLength(2000);
    }
}
