using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Lifecycle;
using Portal.Domain.Organisations;
using Portal.Domain.Review;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Transparency;

/// <summary>
/// Writes a known history, each step at its own instant, through the same rows and gates the portal uses: in an
/// infrastructure host with a fake clock, or in a running portal (the browser tests), where only the rows that carry
/// their own instants can be written (audit entries take the clock's).
/// </summary>
internal sealed class TransparencySeed(IServiceProvider services, FakeTimeProvider? clock = null)
{
    private IDbContextFactory<PortalDbContext> Contexts => services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private FakeTimeProvider Clock => clock ?? throw new InvalidOperationException("This step writes at the clock's instant: seed it with a fake clock.");

    public async Task<Guid> ApprovedAsync(string name, Sector sector, DateTimeOffset at)
    {
        var organisation = new Organisation { Name = name, Sector = sector, CreatedAt = at };
        organisation.Start(OrganisationStatus.Approved, "system", "vetted", at);
        await SaveAsync(db => db.Organisations.Add(organisation));
        return organisation.Id;
    }

    public async Task<Guid> RejectedAsync(string name, Sector sector, DateTimeOffset at)
    {
        var organisation = new Organisation { Name = name, Sector = sector, CreatedAt = at };
        organisation.Start(OrganisationStatus.Applied, "system", "applied", at);
        Assert.True(organisation.ChangeStatus(OrganisationStatus.UnderReview, "admin", "review", at).Succeeded);
        Assert.True(organisation.ChangeStatus(OrganisationStatus.Rejected, "admin", "not a partner", at).Succeeded);
        await SaveAsync(db => db.Organisations.Add(organisation));
        return organisation.Id;
    }

    public async Task ChangeStatusAsync(Guid organisationId, OrganisationStatus to, DateTimeOffset at)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var organisation = await db.Organisations.SingleAsync(o => o.Id == organisationId);
        Assert.True(organisation.ChangeStatus(to, "admin", "test", at).Succeeded);
        await db.SaveChangesAsync();
    }

    /// <summary>A member account with the partner-staff role, as the actor services see.</summary>
    public async Task<Actor> StaffAsync(Guid organisationId, string email)
    {
        var userId = await ReviewScenario.CreateMemberAsync(services, organisationId, email, Roles.PartnerStaff);
        return new Actor(userId, $"user:{userId}", organisationId);
    }

    /// <summary>A case opened at <paramref name="at"/> whose one probe was searched then and found <paramref name="candidates"/> candidates.</summary>
    public async Task<ReviewScenario.SeededCase> SearchedCaseAsync(Actor staff, string reference, int candidates, DateTimeOffset at) =>
        await ReviewScenario.SearchedCaseAsync(services, staff, reference, candidates, at);

    public Task CloseAsync(Guid caseId, CaseOutcome outcome, DateTimeOffset at) => ChangeAsync(async db =>
    {
        var searchCase = await db.Cases.SingleAsync(c => c.Id == caseId);
        Assert.True(CaseClosure.Close(searchCase, outcome, "closed", "staff", at).Succeeded);
    });

    /// <summary>Two counted decisions, the second <paramref name="second"/>, and the state they lead to under the two-person rule.</summary>
    public Task ReviewAsync(Guid candidateId, ReviewVerdict first, ReviewVerdict secondVerdict, DateTimeOffset second) => ChangeAsync(async db =>
    {
        var candidate = await db.Candidates.SingleAsync(c => c.Id == candidateId);
        var state = first != secondVerdict ? ReviewState.Disputed : first == ReviewVerdict.Confirm ? ReviewState.Confirmed : ReviewState.Rejected;
        db.Entry(candidate).Property(c => c.ReviewState).CurrentValue = state;
        if (state != ReviewState.Disputed)
            db.Entry(candidate).Property(c => c.ClosedAt).CurrentValue = second;
        db.ReviewDecisions.Add(Decision(candidate, "reviewer-1", first, ReviewStage.First, candidate.FoundAt.AddMinutes(30)));
        db.ReviewDecisions.Add(Decision(candidate, "reviewer-2", secondVerdict, ReviewStage.Second, second));
        // A look that decided nothing: never a second review.
        db.ReviewDecisions.Add(Decision(candidate, "reviewer-3", ReviewVerdict.Inconclusive, ReviewStage.Second, second, counted: false));
    });

    public Task ErasureAsync(Guid organisationId, ErasureCause cause, DateTimeOffset? completedAt) => SaveAsync(db => db.ErasureRecords.Add(new ErasureRecord
    {
        Cause = cause, OrganisationId = organisationId, Scope = ErasureScope.Case, ScopeId = Guid.NewGuid(), RequestedBy = "system",
        RequestedAt = completedAt ?? Clock.GetUtcNow(), CompletedAt = completedAt,
    }));

    /// <summary>An audit entry written at <paramref name="at"/> through the real log.</summary>
    public async Task AuditAsync(DateTimeOffset at, string action, string target, string details, Guid? organisationId)
    {
        Clock.SetUtcNow(at);
        await services.GetRequiredService<IAuditLog>().RecordAsync("user:seed", action, target, details, organisationId);
    }

    /// <summary>The member knocks at a door of the moratorium gate at <paramref name="at"/>; a refusal is audited by the gate itself.</summary>
    public async Task KnockAsync(Actor staff, DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        await services.GetRequiredService<MoratoriumGate>().CheckAsync(staff, MoratoriumGate.Doors.SearchPage);
    }

    private static ReviewDecision Decision(Candidate candidate, string reviewer, ReviewVerdict verdict, ReviewStage stage, DateTimeOffset at,
        bool counted = true) => new()
    {
        CandidateId = candidate.Id, OrganisationId = candidate.OrganisationId, ReviewerId = reviewer, ReviewerName = reviewer,
        Verdict = verdict, Stage = stage, Counted = counted, Note = "test", DecidedAt = at,
    };

    private Task SaveAsync(Action<PortalDbContext> change) => ChangeAsync(db => { change(db); return Task.CompletedTask; });

    private async Task ChangeAsync(Func<PortalDbContext, Task> change)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await change(db);
        await db.SaveChangesAsync();
    }
}
