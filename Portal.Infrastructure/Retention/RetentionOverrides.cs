using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Retention;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Retention;

/// <summary>
/// Shorter periods below the platform's: an organisation's admin for the organisation, its staff for one of its
/// galleries (photos) or cases (probe photos). Never longer than the level above; the shortest applies.
/// </summary>
public sealed class RetentionOverrides(
    IDbContextFactory<PortalDbContext> contextFactory,
    AuditLog auditLog,
    MembershipLookup memberships,
    Notifier<RetentionChanged> notifier)
{
    private const string PlatformLevel = "the platform's maximum";

    public async Task<Outcome<IReadOnlyList<OrganisationPeriod>>> OrganisationPeriodsAsync(Actor actor, Guid organisationId,
        CancellationToken cancellationToken = default)
    {
        if (!actor.IsPlatformAdmin && actor.OrganisationId != organisationId)
            return Outcome<IReadOnlyList<OrganisationPeriod>>.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var platform = await db.RetentionRules.AsNoTracking().ToDictionaryAsync(r => r.Kind, r => r.MaxDays, cancellationToken);
        var own = await db.OrganisationRetentions.AsNoTracking().Where(r => r.OrganisationId == organisationId)
            .ToDictionaryAsync(r => r.Kind, r => r.Days, cancellationToken);
        return Outcome<IReadOnlyList<OrganisationPeriod>>.Ok(RetentionPolicy.OrganisationKinds.Where(platform.ContainsKey)
            .Select(k => new OrganisationPeriod(k, platform[k], own.TryGetValue(k, out var days) ? days : null)).ToList());
    }

    /// <summary>The days in force for <paramref name="kind"/> of an organisation, given a gallery's or case's own period.</summary>
    public async Task<int> EffectiveDaysAsync(Guid organisationId, DataKind kind, int? ownDays, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return RetentionPolicy.EffectiveDays(await PlatformDaysAsync(db, kind, cancellationToken),
            await OrganisationDaysAsync(db, organisationId, kind, cancellationToken), ownDays);
    }

    /// <summary>An organisation's admin shortens a period for it, or clears its own (null).</summary>
    public async Task<Outcome> SetOrganisationAsync(Actor actor, Guid organisationId, DataKind kind, int? days,
        CancellationToken cancellationToken = default)
    {
        if (!await IsAdminOfAsync(actor, organisationId, cancellationToken))
            return await RefuseAsync(actor, $"organisation:{organisationId}", "Only your organisation's admins set its retention periods.");
        if (!RetentionPolicy.OrganisationKinds.Contains(kind))
            return Outcome.Invalid("Your organisation cannot set its own period for that kind of data.");
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var platform = await PlatformDaysAsync(db, kind, cancellationToken);
        if (RetentionPolicy.OverrideProblem(days, platform, PlatformLevel) is { } problem)
        {
            await transaction.RollbackAsync(cancellationToken);
            // Recorded like other refusals: an attempt to keep data longer than the schedule allows is worth a regulator's look.
            await auditLog.RecordAsync(actor.Name, AuditActions.RetentionRefused, $"organisation:{organisationId}",
                $"{kind}: {days} day(s) refused: {problem}", organisationId, CancellationToken.None);
            return Outcome.Invalid(problem);
        }
        var row = await db.OrganisationRetentions.FirstOrDefaultAsync(r => r.OrganisationId == organisationId && r.Kind == kind, cancellationToken);
        if (row is not null && days is null)
            db.OrganisationRetentions.Remove(row);
        else if (row is not null)
            row.Days = days!.Value;
        else if (days is { } value)
            db.OrganisationRetentions.Add(new OrganisationRetention { OrganisationId = organisationId, Kind = kind, Days = value });
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.RetentionOrganisationSet, $"organisation:{organisationId}",
            $"{kind}: {Describe(days)} (platform maximum {platform} days)", organisationId, cancellationToken);
        await notifier.PublishAsync(new RetentionChanged(organisationId));
        return Outcome.Ok;
    }

    /// <summary>A case's own period for its probe photos, shorter than its organisation's; null follows the organisation.</summary>
    public Task<Outcome> SetCaseAsync(Actor actor, Guid caseId, int? days, CancellationToken cancellationToken = default) =>
        SetOwnAsync(DataKind.ProbePhotos, $"case:{caseId}", actor, days, async db =>
            await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId && c.OrganisationId == actor.OrganisationId, cancellationToken) is { } found
                ? new Owned(found.OrganisationId, value => found.RetentionDays = value)
                : null, cancellationToken);

    /// <summary>A gallery's own period for its photos, shorter than its organisation's; null follows the organisation.</summary>
    public Task<Outcome> SetGalleryAsync(Actor actor, Guid galleryId, int? days, CancellationToken cancellationToken = default) =>
        SetOwnAsync(DataKind.GalleryPhotos, $"gallery:{galleryId}", actor, days, async db =>
            await db.Galleries.FirstOrDefaultAsync(g => g.Id == galleryId && g.OrganisationId == actor.OrganisationId, cancellationToken) is { } found
                ? new Owned(found.OrganisationId, value => found.RetentionDays = value)
                : null, cancellationToken);

    /// <summary>A gallery or case of the actor's organisation, and how to set its own period.</summary>
    private sealed record Owned(Guid OrganisationId, Action<int?> Set);

    private async Task<Outcome> SetOwnAsync(DataKind kind, string target, Actor actor, int? days, Func<PortalDbContext, Task<Owned?>> find,
        CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (await find(db) is not { } owned)
            return Outcome.NotFound();
        var ceiling = await CeilingAsync(db, owned.OrganisationId, kind, cancellationToken);
        if (RetentionPolicy.OverrideProblem(days, ceiling, "your organisation's period") is { } problem)
            return Outcome.Invalid(problem);
        owned.Set(days);
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.RetentionOverrideSet, target,
            $"{kind}: {Describe(days)} (ceiling {ceiling} days)", owned.OrganisationId, cancellationToken);
        return Outcome.Ok;
    }

    private async Task<Outcome> RefuseAsync(Actor actor, string target, string refusal)
    {
        await auditLog.RecordAsync(actor.Name, AuditActions.RetentionRefused, target, refusal, actor.OrganisationId, CancellationToken.None);
        return Outcome.Forbidden(refusal);
    }

    private async Task<bool> IsAdminOfAsync(Actor actor, Guid organisationId, CancellationToken cancellationToken)
    {
        if (actor.IsPlatformAdmin)
            return true;
        var membership = await memberships.FindAsync(actor.UserId, cancellationToken);
        return membership is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved } && membership.OrganisationId == organisationId;
    }

    private static async Task<int> CeilingAsync(PortalDbContext db, Guid organisationId, DataKind kind, CancellationToken cancellationToken) =>
        RetentionPolicy.EffectiveDays(await PlatformDaysAsync(db, kind, cancellationToken), await OrganisationDaysAsync(db, organisationId, kind, cancellationToken));

    private static async Task<int> PlatformDaysAsync(PortalDbContext db, DataKind kind, CancellationToken cancellationToken) =>
        await db.RetentionRules.Where(r => r.Kind == kind).Select(r => (int?)r.MaxDays).FirstOrDefaultAsync(cancellationToken)
        ?? throw new InvalidOperationException($"The retention schedule has no rule for {kind}: it is seeded at start.");

    private static Task<int?> OrganisationDaysAsync(PortalDbContext db, Guid organisationId, DataKind kind, CancellationToken cancellationToken) =>
        db.OrganisationRetentions.Where(r => r.OrganisationId == organisationId && r.Kind == kind).Select(r => (int?)r.Days).FirstOrDefaultAsync(cancellationToken);

    private static string Describe(int? days) => days is { } value ? $"{value} days" : "cleared";
}
