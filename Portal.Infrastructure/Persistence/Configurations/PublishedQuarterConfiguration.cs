using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Transparency;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class PublishedQuarterConfiguration : IEntityTypeConfiguration<PublishedQuarter>
{
    public void Configure(EntityTypeBuilder<PublishedQuarter> builder)
    {
        // The quarter is the key: two processes publishing it at once can never both store a copy (first write wins).
        builder.HasKey(p => new { p.Year, p.Number });
        builder.Ignore(p => p.Quarter);
    }
}
