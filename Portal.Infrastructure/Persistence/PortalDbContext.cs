using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Evaluations;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Galleries;
using Portal.Domain.Identity;
using Portal.Domain.Faces;
using Portal.Domain.Lifecycle;
using Portal.Domain.Moratoria;
using Portal.Domain.Queue;
using Portal.Domain.Review;
using Portal.Domain.Organisations;
using Portal.Domain.Retention;
using Portal.Domain.Transparency;
using Portal.Infrastructure.Identity;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// The portal's data. Not sealed: <see cref="PostgreSqlPortalDbContext"/> derives from it to own the PostgreSQL
/// migration set; this type owns the SQLite one.
/// </summary>
public class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityDbContext<ApplicationUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<OrganisationStatusChange> OrganisationStatusChanges => Set<OrganisationStatusChange>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Moratorium> Moratoria => Set<Moratorium>();
    public DbSet<RecognitionJob> Jobs => Set<RecognitionJob>();
    public DbSet<StoredFace> Faces => Set<StoredFace>();
    public DbSet<StoredFaceCode> FaceCodes => Set<StoredFaceCode>();
    public DbSet<Gallery> Galleries => Set<Gallery>();
    public DbSet<GalleryShare> GalleryShares => Set<GalleryShare>();
    public DbSet<GalleryImage> GalleryImages => Set<GalleryImage>();
    public DbSet<SearchCase> Cases => Set<SearchCase>();
    public DbSet<Probe> Probes => Set<Probe>();
    public DbSet<ProbeFace> ProbeFaces => Set<ProbeFace>();
    public DbSet<Candidate> Candidates => Set<Candidate>();
    public DbSet<PersonTemplate> PersonTemplates => Set<PersonTemplate>();
    public DbSet<PersonTemplatePhoto> PersonTemplatePhotos => Set<PersonTemplatePhoto>();
    public DbSet<CandidateSupport> CandidateSupports => Set<CandidateSupport>();
    public DbSet<DissolvedTemplate> DissolvedTemplates => Set<DissolvedTemplate>();
    public DbSet<ReviewDecision> ReviewDecisions => Set<ReviewDecision>();
    public DbSet<SectorThreshold> SectorThresholds => Set<SectorThreshold>();
    public DbSet<PlatformThreshold> PlatformThresholds => Set<PlatformThreshold>();
    public DbSet<ThresholdProposal> ThresholdProposals => Set<ThresholdProposal>();
    public DbSet<AdminGrant> AdminGrants => Set<AdminGrant>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditActor> AuditActors => Set<AuditActor>();
    public DbSet<AuditAnchor> AuditAnchors => Set<AuditAnchor>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<RetentionRule> RetentionRules => Set<RetentionRule>();
    public DbSet<RetentionRevision> RetentionRevisions => Set<RetentionRevision>();
    public DbSet<OrganisationRetention> OrganisationRetentions => Set<OrganisationRetention>();
    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();
    public DbSet<ErasureRecord> ErasureRecords => Set<ErasureRecord>();
    public DbSet<ErasureSkip> ErasureSkips => Set<ErasureSkip>();
    public DbSet<SubjectDeletionRequest> SubjectDeletionRequests => Set<SubjectDeletionRequest>();
    public DbSet<SubjectDeletionMatch> SubjectDeletionMatches => Set<SubjectDeletionMatch>();
    public DbSet<EvaluationRun> EvaluationRuns => Set<EvaluationRun>();
    public DbSet<PublishedQuarter> PublishedQuarters => Set<PublishedQuarter>();
    public DbSet<FacePipelineState> FacePipelineStates => Set<FacePipelineState>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset columns; every instant is UTC, stored as ticks.
        // PostgreSQL keeps them as timestamptz, which orders and compares natively.
        if (!Database.IsSqlite())
            return;
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }
}
