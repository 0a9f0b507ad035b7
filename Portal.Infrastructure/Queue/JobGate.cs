using Microsoft.EntityFrameworkCore;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// The check a worker makes on a claimed job just before processing it: a job whose organisation became blocked
/// by a moratorium, or suspended, since it was queued is held — not failed, not dropped — and its lease given up.
/// </summary>
public sealed class JobGate(
    IDbContextFactory<PortalDbContext> contextFactory,
    MoratoriumSchedule schedule,
    JobQueue queue)
{
    /// <summary>True when the job just claimed may run now; false when it was held instead.</summary>
    public async Task<bool> AdmitAsync(RecognitionJob claimed, string leaseOwner, CancellationToken cancellationToken = default)
    {
        if (JobLifecycle.NeverHeld.Contains(claimed.Kind))
            return true;
        // The common case costs no read of the job: the claim already returned it.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var reason = await HoldReasonAsync(db, claimed.OrganisationId, cancellationToken);
        if (reason is null)
            return true;
        await HoldAsync(claimed, leaseOwner, reason, "held just before processing", cancellationToken);
        return false;
    }

    /// <summary>
    /// Called by a handler inside the transaction that writes its results, so a suspension or moratorium that began
    /// while the job ran keeps those results out: throws <see cref="WorkHeldException"/> when the job must wait.
    /// </summary>
    public async Task ConfirmStandingAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        if (await HoldReasonAsync(db, organisationId, cancellationToken) is { } reason)
            throw new WorkHeldException(reason);
    }

    /// <summary>Holds a running job whose results were refused; its attempt is not spent.</summary>
    public Task HoldRunningAsync(RecognitionJob job, string leaseOwner, string reason, CancellationToken cancellationToken = default) =>
        HoldAsync(job, leaseOwner, reason, "held while running; its results were not kept", cancellationToken);

    private Task HoldAsync(RecognitionJob claimed, string leaseOwner, string reason, string what, CancellationToken cancellationToken) =>
        queue.HoldLeasedAsync(claimed.Id, leaseOwner, reason, what, cancellationToken);

    /// <summary>A suspended (or otherwise unapproved) organisation's work waits like a blocked one's: held, not failed.</summary>
    private async Task<string?> HoldReasonAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken)
    {
        var status = await db.Organisations.Where(o => o.Id == organisationId).Select(o => (OrganisationStatus?)o.Status).FirstOrDefaultAsync(cancellationToken);
        if (status is { } known && OrganisationStanding.HoldReason(known) is { } standing)
            return standing;
        var decision = await schedule.DecisionForAsync(organisationId, cancellationToken);
        return decision.IsBlocked ? decision.Describe() : null;
    }
}
