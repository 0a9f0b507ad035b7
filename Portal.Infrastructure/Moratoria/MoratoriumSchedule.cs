using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Moratoria;

/// <summary>The moratorium schedule: what blocks whom now, and the admin's changes to it.</summary>
public sealed class MoratoriumSchedule(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    TimeProvider timeProvider,
    SessionTerminator sessions,
    Notifier<ScheduleChanged> notifier,
    IOptions<MoratoriumOptions> options)
{
    private readonly Lock _cacheLock = new();
    private (IReadOnlyList<Moratorium> Moratoria, DateTimeOffset ReadAt)? _cache;

    /// <summary>Every moratorium, past, active and upcoming, with revisions.</summary>
    public async Task<IReadOnlyList<Moratorium>> AllAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        lock (_cacheLock)
        {
            if (_cache is { } cached && now - cached.ReadAt < options.Value.CacheDuration)
                return cached.Moratoria;
        }
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var moratoria = await db.Moratoria.AsNoTracking().AsSplitQuery().OrderBy(m => m.StartsAt).ToListAsync(cancellationToken);
        lock (_cacheLock)
            _cache = (moratoria, now);
        return moratoria;
    }

    public async Task<MoratoriumDecision> DecisionForAsync(Guid organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var sector = await db.Organisations.Where(o => o.Id == organisationId).Select(o => (Sector?)o.Sector).FirstOrDefaultAsync(cancellationToken);
        return sector is null
            ? MoratoriumDecision.Allowed
            : MoratoriumPolicy.Evaluate(organisationId, sector.Value, timeProvider.GetUtcNow(), await AllAsync(cancellationToken));
    }

    /// <summary>The decision a sector would get now, for an organisation not yet stored or not yet approved.</summary>
    public async Task<MoratoriumDecision> DecisionForSectorAsync(Guid organisationId, Sector sector,
        CancellationToken cancellationToken = default) =>
        MoratoriumPolicy.Evaluate(organisationId, sector, timeProvider.GetUtcNow(), await AllAsync(cancellationToken));

    /// <summary>For each moratorium, how many jobs of the organisations it blocks now are held; for a platform admin only.</summary>
    public async Task<Outcome<IReadOnlyDictionary<Guid, int>>> HeldJobCountsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, ScheduleWork) is { } refusal)
            return Outcome<IReadOnlyDictionary<Guid, int>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var held = await (from job in db.Jobs
                          where job.State == Portal.Domain.Queue.JobState.HeldByMoratorium
                          join organisation in db.Organisations on job.OrganisationId equals organisation.Id
                          group job by new { organisation.Id, organisation.Sector } into byOrganisation
                          select new { byOrganisation.Key.Id, byOrganisation.Key.Sector, Count = byOrganisation.Count() }).ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        return Outcome<IReadOnlyDictionary<Guid, int>>.Ok(
            (await AllAsync(cancellationToken)).ToDictionary(m => m.Id, m => held.Where(o => m.Blocks(o.Id, o.Sector, now)).Sum(o => o.Count)));
    }

    /// <summary>What a change would do; it names organisations, so anyone but a platform admin is refused.</summary>
    public async Task<Outcome<SchedulePreview>> PreviewAsync(Actor actor, Guid? moratoriumId, MoratoriumDraft proposed,
        CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, ScheduleWork) is { } refusal)
            return Outcome<SchedulePreview>.Forbidden(refusal);
        var now = timeProvider.GetUtcNow();
        var current = await AllAsync(cancellationToken);
        var changed = new Moratorium { Id = moratoriumId ?? Guid.NewGuid(), Title = proposed.Title, Sectors = proposed.Sectors.ToList(),
            Exemptions = proposed.Exemptions.ToList(), StartsAt = proposed.StartsAt, EndsAt = proposed.EndsAt };
        var after = current.Where(m => m.Id != changed.Id).Append(changed).ToList();

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var approved = await db.Organisations.AsNoTracking().Where(o => o.Status == OrganisationStatus.Approved)
            .Select(o => new { o.Id, o.Name, o.Sector }).ToListAsync(cancellationToken);
        bool Blocked(IEnumerable<Moratorium> schedule, Guid id, Sector sector) => MoratoriumPolicy.Evaluate(id, sector, now, schedule).IsBlocked;
        return Outcome<SchedulePreview>.Ok(new SchedulePreview(
            approved.Where(o => !Blocked(current, o.Id, o.Sector) && Blocked(after, o.Id, o.Sector)).Select(o => o.Name).Order().ToList(),
            approved.Where(o => Blocked(current, o.Id, o.Sector) && !Blocked(after, o.Id, o.Sector)).Select(o => o.Name).Order().ToList(),
            approved.Where(o => changed.Covers(o.Id, o.Sector))
                .Select(o => o.Name).Order().ToList()));
    }

    private const string ScheduleWork = "change the moratorium schedule";

    public async Task<Outcome<Guid>> CreateAsync(Actor actor, MoratoriumDraft draft, string reason,
        CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, ScheduleWork) is { } refusal)
            return Outcome<Guid>.Forbidden(refusal);
        if (await UnknownExemptionAsync(draft, cancellationToken) is { } unknown)
            return Outcome<Guid>.Invalid(unknown);
        var created = MoratoriumChanges.Create(draft, actor.Name, reason, timeProvider.GetUtcNow());
        if (!created.Succeeded)
            return created.As<Guid>();
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            db.Moratoria.Add(created.Value!);
            await SaveAsync(db, actor, created.Value!, AuditActions.MoratoriumCreated, reason, cancellationToken);
        }
        await AfterChangeAsync(created.Value!.Id, AuditActions.MoratoriumCreated);
        return Outcome<Guid>.Ok(created.Value.Id);
    }

    public async Task<Outcome> EditAsync(Actor actor, Guid id, MoratoriumDraft draft, string reason,
        CancellationToken cancellationToken = default) =>
        AdminGuard.Refusal(actor, ScheduleWork) is { } refusal
            ? Outcome.Forbidden(refusal)
            : await UnknownExemptionAsync(draft, cancellationToken) is { } unknown
            ? Outcome.Invalid(unknown)
            : await ChangeAsync(actor, id, AuditActions.MoratoriumEdited, reason,
                m => MoratoriumChanges.Edit(m, draft, actor.Name, reason, timeProvider.GetUtcNow()), cancellationToken);

    /// <summary>An exemption must name an organisation that exists: an id from a tampered form exempts no one.</summary>
    private async Task<string?> UnknownExemptionAsync(MoratoriumDraft draft, CancellationToken cancellationToken)
    {
        var ids = draft.Exemptions.Select(e => e.OrganisationId).Distinct().ToList();
        if (ids.Count == 0)
            return null;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.Organisations.CountAsync(o => ids.Contains(o.Id), cancellationToken);
        return known == ids.Count ? null : "An exempted organisation does not exist.";
    }

    public Task<Outcome> ExtendAsync(Actor actor, Guid id, DateTimeOffset? newEnd, string reason,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, AuditActions.MoratoriumExtended, reason,
            m => MoratoriumChanges.Extend(m, newEnd, actor.Name, reason, timeProvider.GetUtcNow()), cancellationToken);

    public Task<Outcome> EndEarlyAsync(Actor actor, Guid id, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, AuditActions.MoratoriumEndedEarly, reason,
            m => MoratoriumChanges.EndEarly(m, actor.Name, reason, timeProvider.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Marks that the sessions of those a started moratorium blocks were ended; <paramref name="within"/> adds the
    /// caller's audit entry to the same transaction.
    /// </summary>
    internal async Task MarkActivationStampedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken,
        Func<PortalDbContext, Task>? within = null)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await db.Moratoria.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ActivationStampedAt, at), cancellationToken);
        if (within is not null)
        {
            await within(db);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        Invalidate();
    }

    private async Task<Outcome> ChangeAsync(Actor actor, Guid id, string action, string reason, Func<Moratorium, Outcome> change,
        CancellationToken cancellationToken)
    {
        if (AdminGuard.Refusal(actor, ScheduleWork) is { } refusal)
            return Outcome.Forbidden(refusal);
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            // Read under the write lock: two admins changing one moratorium at once apply both changes, in turn.
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var moratorium = await db.Moratoria.AsSplitQuery().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (moratorium is null)
                return Outcome.NotFound("That moratorium does not exist.");
            var outcome = change(moratorium);
            if (!outcome.Succeeded)
                return outcome;
            await auditLog.AppendWithinAsync(db, actor.Name, action, $"moratorium:{moratorium.Id}", Describe(moratorium, reason), null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await AfterChangeAsync(id, action);
        return Outcome.Ok;
    }

    /// <summary>The change and its entry commit together; the revision just made is the list's last (changes append).</summary>
    private Task SaveAsync(PortalDbContext db, Actor actor, Moratorium moratorium, string action, string reason,
        CancellationToken cancellationToken) =>
        auditLog.SaveWithEntryAsync(db, actor.Name, action, $"moratorium:{moratorium.Id}", Describe(moratorium, reason), null, cancellationToken);

    private static string Describe(Moratorium moratorium, string reason) =>
        $"\"{moratorium.Title}\": {moratorium.Revisions[^1].Change}; reason: {reason}";

    /// <summary>Takes no token: the change is committed, so ending sessions and telling pages must not stop half-way.</summary>
    private async Task AfterChangeAsync(Guid id, string action)
    {
        Invalidate();
        var moratorium = (await AllAsync(CancellationToken.None)).Single(m => m.Id == id);
        var now = timeProvider.GetUtcNow();
        if (action != AuditActions.MoratoriumEndedEarly && moratorium.IsActiveAt(now))
        {
            // Open sessions of the organisations it blocks end within the revalidation interval.
            await sessions.EndSessionsOfAsync(await BlockedByAsync(moratorium, now, CancellationToken.None), CancellationToken.None);
            await MarkActivationStampedAsync(id, now, CancellationToken.None);
        }
        await notifier.PublishAsync(new ScheduleChanged(id));
    }

    internal async Task<IReadOnlyList<Guid>> BlockedByAsync(Moratorium moratorium, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Organisations.AsNoTracking().Where(o => moratorium.Sectors.Contains(o.Sector))
            .Select(o => new { o.Id, o.Sector }).ToListAsync(cancellationToken);
        return candidates.Where(o => moratorium.Blocks(o.Id, o.Sector, now)).Select(o => o.Id).ToList();
    }

    /// <summary>Forgets the schedule read; also called when another process announces a change (the relay).</summary>
    internal void Invalidate()
    {
        lock (_cacheLock)
            _cache = null;
    }
}
