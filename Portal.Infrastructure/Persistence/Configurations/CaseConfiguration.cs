using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Domain.Cases;
using Portal.Domain.Galleries;
using Portal.Domain.Organisations;
using Portal.Domain.Review;

namespace Portal.Infrastructure.Persistence.Configurations;

internal sealed class SearchCaseConfiguration : IEntityTypeConfiguration<SearchCase>
{
    public void Configure(EntityTypeBuilder<SearchCase> builder)
    {
        builder.ToTable("Cases");
        builder.HasOne<Organisation>().WithMany().HasForeignKey(c => c.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.OrganisationId, c.CreatedAt });
        builder.Property(c => c.Reference).HasMaxLength(SearchCase.MaxReferenceLength);
        builder.Property(c => c.Notes).HasMaxLength(SearchCase.MaxNotesLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(450);
        builder.Property(c => c.CreatedByName).HasMaxLength(256);
        builder.HasMany(c => c.Galleries).WithOne().HasForeignKey(g => g.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ClosureNote).HasMaxLength(CaseClosure.MaxNoteLength);
        builder.Property(c => c.ClosedBy).HasMaxLength(450);
        builder.Property(c => c.TrashedBy).HasMaxLength(450);
    }
}

internal sealed class CaseGalleryConfiguration : IEntityTypeConfiguration<CaseGallery>
{
    public void Configure(EntityTypeBuilder<CaseGallery> builder)
    {
        builder.HasKey(g => new { g.CaseId, g.GalleryId });
        // A deleted gallery leaves the case's record of what it searched intact.
        builder.HasIndex(g => g.GalleryId);
    }
}

internal sealed class ProbeConfiguration : IEntityTypeConfiguration<Probe>
{
    public void Configure(EntityTypeBuilder<Probe> builder)
    {
        builder.HasOne<SearchCase>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(p => p.DisplayName).HasMaxLength(260);
        builder.Property(p => p.StoredName).HasMaxLength(80);
        builder.Property(p => p.OriginalSha256).HasMaxLength(64);
    }
}

internal sealed class ProbeFaceConfiguration : IEntityTypeConfiguration<ProbeFace>
{
    public void Configure(EntityTypeBuilder<ProbeFace> builder)
    {
        builder.HasOne<Probe>().WithMany().HasForeignKey(f => f.ProbeId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(f => f.QualityReasons).HasMaxLength(2000);
    }
}

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> builder)
    {
        builder.HasOne<ProbeFace>().WithMany().HasForeignKey(c => c.ProbeFaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.ProbeId);
        builder.HasIndex(c => c.TemplateId);
        builder.HasIndex(c => new { c.OrganisationId, c.CaseId });
        // The review queue: open candidates of one organisation, oldest first.
        builder.HasIndex(c => new { c.OrganisationId, c.ReviewState, c.FoundAt });
        // The queue's grouping of one gallery face's findings in a case looks up each waiting candidate's first finding;
        // without it every lookup read the whole case (a case of 20,000 candidates took minutes per page).
        builder.HasIndex(c => new { c.CaseId, c.FaceId, c.FoundAt, c.ProbeFaceId, c.Rank });
        builder.Property(c => c.Band).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.ReviewState).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.ReviewVersion).IsConcurrencyToken();
    }
}

internal sealed class ReviewDecisionConfiguration : IEntityTypeConfiguration<ReviewDecision>
{
    public void Configure(EntityTypeBuilder<ReviewDecision> builder)
    {
        // Decisions outlive nothing they judge: a candidate with decisions cannot be deleted from under them.
        builder.HasOne<Candidate>().WithMany().HasForeignKey(d => d.CandidateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.CandidateId, d.ReviewerId });
        builder.Property(d => d.ReviewerId).HasMaxLength(450);
        builder.Property(d => d.ReviewerName).HasMaxLength(256);
        builder.Property(d => d.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Note).HasMaxLength(TwoPersonRule.MaxNoteLength);
    }
}

internal sealed class SectorThresholdConfiguration : IEntityTypeConfiguration<SectorThreshold>
{
    public void Configure(EntityTypeBuilder<SectorThreshold> builder)
    {
        builder.HasKey(t => t.Sector);
        builder.Property(t => t.Sector).HasConversion<string>().HasMaxLength(40);
        builder.Property(t => t.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class PlatformThresholdConfiguration : IEntityTypeConfiguration<PlatformThreshold>
{
    public void Configure(EntityTypeBuilder<PlatformThreshold> builder)
    {
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.UpdatedBy).HasMaxLength(450);
    }
}

internal sealed class ThresholdProposalConfiguration : IEntityTypeConfiguration<ThresholdProposal>
{
    public void Configure(EntityTypeBuilder<ThresholdProposal> builder)
    {
        builder.Property(p => p.Sector).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Reason).HasMaxLength(ThresholdProposal.MaxReasonLength);
        builder.Property(p => p.RejectionReason).HasMaxLength(ThresholdProposal.MaxReasonLength);
        builder.Property(p => p.ProposedBy).HasMaxLength(450);
        builder.Property(p => p.DecidedBy).HasMaxLength(450);
        // The pending list and the published history each read by state.
        builder.HasIndex(p => new { p.State, p.DecidedAt });
    }
}

internal sealed class PersonTemplateConfiguration : IEntityTypeConfiguration<PersonTemplate>
{
    public void Configure(EntityTypeBuilder<PersonTemplate> builder)
    {
        builder.ToTable("PersonTemplates");
        builder.HasOne<SearchCase>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Label).HasMaxLength(PersonTemplate.MaxLabelLength);
        builder.Property(t => t.CreatedBy).HasMaxLength(450);
        builder.HasMany(t => t.Photos).WithOne().HasForeignKey(p => p.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonTemplatePhotoConfiguration : IEntityTypeConfiguration<PersonTemplatePhoto>
{
    public void Configure(EntityTypeBuilder<PersonTemplatePhoto> builder)
    {
        builder.ToTable("PersonTemplatePhotos");
        builder.HasKey(p => new { p.TemplateId, p.ProbeId });
        // A probe row is only blanked by erasure (the eraser drops the photo from its templates); deleting the row takes its template photos too.
        builder.HasOne<Probe>().WithMany().HasForeignKey(p => p.ProbeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.ProbeId);
    }
}

internal sealed class DissolvedTemplateConfiguration : IEntityTypeConfiguration<DissolvedTemplate>
{
    public void Configure(EntityTypeBuilder<DissolvedTemplate> builder)
    {
        builder.ToTable("DissolvedTemplates");
        builder.Property(t => t.Id).ValueGeneratedNever();
        // Case data: deleting the case record deletes it (purging only blanks its label, CaseProbeData).
        builder.HasOne<SearchCase>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Label).HasMaxLength(PersonTemplate.MaxLabelLength);
    }
}

internal sealed class CandidateSupportConfiguration : IEntityTypeConfiguration<CandidateSupport>
{
    public void Configure(EntityTypeBuilder<CandidateSupport> builder)
    {
        builder.ToTable("CandidateSupports");
        builder.HasKey(s => new { s.CandidateId, s.ProbeId });
        builder.HasOne<Candidate>().WithMany().HasForeignKey(s => s.CandidateId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.ProbeId);
    }
}
