using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>
/// One row per column of ADR 0010's list holding a member's e-mail (as the services store it), and one holding someone
/// else's, so a test can count which of them still name the member after the account-erasure step.
/// </summary>
internal sealed class AccountCopies
{
    public const int Count = 9;
    private Guid _case, _gallery, _image, _decision, _ownInvitation, _sentInvitation;
    private long _revision, _statusChange, _otherChange;
    private string _someoneElse = "";
    private Sector _sector;
    private InfrastructureHost _host = null!;

    /// <summary>Needs the member's own invitation (they joined by one), and a moratorium (the demo data has one).</summary>
    public static async Task<AccountCopies> SeedAsync(InfrastructureHost host, Actor member, string someoneElse)
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(host.Services, member, "LEAVER-1", 1, host.Get<TimeProvider>().GetUtcNow());
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var email = member.Name;
        var organisation = member.OrganisationId!.Value;
        var now = host.Get<TimeProvider>().GetUtcNow();
        var copies = new AccountCopies { _host = host, _case = seeded.CaseId };
        var candidate = await db.Candidates.SingleAsync(c => c.CaseId == seeded.CaseId);
        (copies._gallery, copies._image) = (candidate.GalleryId, candidate.ImageId);
        await db.Galleries.Where(g => g.Id == candidate.GalleryId).ExecuteUpdateAsync(s => s.SetProperty(g => g.CreatedBy, email));
        await db.GalleryImages.Where(i => i.Id == candidate.ImageId).ExecuteUpdateAsync(s => s.SetProperty(i => i.UploadedBy, email));
        var decision = new ReviewDecision
        {
            CandidateId = candidate.Id, OrganisationId = organisation, ReviewerId = member.UserId, ReviewerName = email,
            Verdict = ReviewVerdict.Confirm, Stage = ReviewStage.First, Counted = true, DecidedAt = now,
        };
        var revision = new MoratoriumRevision { MoratoriumId = await db.Moratoria.Select(m => m.Id).FirstAsync(), At = now, Actor = email, Change = "tests", Reason = "tests" };
        var change = new OrganisationStatusChange { OrganisationId = organisation, To = OrganisationStatus.Approved, Actor = email, At = now, Reason = "tests" };
        var other = new OrganisationStatusChange { OrganisationId = organisation, To = OrganisationStatus.Approved, Actor = someoneElse, At = now, Reason = "tests" };
        var sent = new Invitation
        {
            OrganisationId = organisation, Email = "invitee@thorn.example", Role = Roles.Reviewer, TokenHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            InvitedBy = email, CreatedAt = now, ExpiresAt = now.AddDays(3),
        };
        var threshold = await db.SectorThresholds.FirstOrDefaultAsync();
        if (threshold is null)
            db.SectorThresholds.Add(threshold = new SectorThreshold { Sector = Sector.Research, Minimum = 0.5f, UpdatedAt = now });
        threshold.UpdatedBy = email;
        db.AddRange(decision, revision, change, other, sent);
        await db.SaveChangesAsync();
        (copies._decision, copies._sentInvitation, copies._revision, copies._statusChange, copies._sector) = (decision.Id, sent.Id, revision.Id, change.Id, threshold.Sector);
        copies._ownInvitation = await db.Invitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync();
        (copies._otherChange, copies._someoneElse) = (other.Id, someoneElse);
        return copies;
    }

    /// <summary>How many of the seeded columns hold <paramref name="value"/>.</summary>
    public async Task<int> HoldingAsync(string value)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        bool[] found =
        [
            await db.Cases.AnyAsync(c => c.Id == _case && c.CreatedByName == value),
            await db.Galleries.AnyAsync(g => g.Id == _gallery && g.CreatedBy == value),
            await db.GalleryImages.AnyAsync(i => i.Id == _image && i.UploadedBy == value),
            await db.ReviewDecisions.AnyAsync(d => d.Id == _decision && d.ReviewerName == value),
            await db.Set<MoratoriumRevision>().AnyAsync(r => r.Id == _revision && r.Actor == value),
            await db.OrganisationStatusChanges.AnyAsync(c => c.Id == _statusChange && c.Actor == value),
            await db.Invitations.AnyAsync(i => i.Id == _ownInvitation && i.Email == value),
            await db.Invitations.AnyAsync(i => i.Id == _sentInvitation && i.InvitedBy == value),
            await db.SectorThresholds.AnyAsync(t => t.Sector == _sector && t.UpdatedBy == value),
        ];
        return found.Count(f => f);
    }

    /// <summary>The row naming someone else still names them.</summary>
    public async Task<bool> OthersKeptAsync()
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.OrganisationStatusChanges.AnyAsync(c => c.Id == _otherChange && c.Actor == _someoneElse);
    }
}
