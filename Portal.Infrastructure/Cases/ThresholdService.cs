using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// The default and sector minimums as they stand (changed only through <see cref="ThresholdProposals"/>, by two admins), a
/// partner's own, higher threshold, and the effective one for a search.
/// </summary>
public sealed class ThresholdService(
    IDbContextFactory<PortalDbContext> contextFactory,
    IOptions<FaceOptions> faceOptions,
    AuditLog auditLog)
{
    /// <summary>The platform's default threshold: the value two admins last confirmed, or the configured one until then.</summary>
    public async Task<float> DefaultAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await DefaultInAsync(db, cancellationToken);
    }

    /// <summary>The default as <paramref name="db"/> sees it, so a caller inside a write transaction reads the value it will check.</summary>
    internal async Task<float> DefaultInAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        await db.PlatformThresholds.AsNoTracking().Where(t => t.Id == PlatformThreshold.SingleRowId).Select(t => (float?)t.Value)
            .FirstOrDefaultAsync(cancellationToken) ?? faceOptions.Value.DefaultThreshold;

    /// <summary>A sector's minimum in force: never below the default, even where a stored one was set below a default raised later.</summary>
    internal async Task<float> SectorMinimumInAsync(PortalDbContext db, Sector sector, CancellationToken cancellationToken) =>
        Math.Max(await DefaultInAsync(db, cancellationToken), await db.SectorThresholds.AsNoTracking().Where(t => t.Sector == sector)
            .Select(t => (float?)t.Minimum).FirstOrDefaultAsync(cancellationToken) ?? 0);

    /// <summary>Every sector's minimum, for a platform admin; anyone else is refused.</summary>
    public async Task<Outcome<IReadOnlyDictionary<Sector, float>>> SectorMinimumsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "see sector minimums") is { } refusal)
            return Outcome<IReadOnlyDictionary<Sector, float>>.Forbidden(refusal);
        return Outcome<IReadOnlyDictionary<Sector, float>>.Ok((await MinimumsInForceAsync(cancellationToken)).SectorMinimums);
    }

    /// <summary>
    /// The default and every sector's minimum in force (never below the default), read in one context. Unguarded: the
    /// public accountability report publishes them; <see cref="SectorMinimumsAsync"/> is the admins' door to the same figures.
    /// </summary>
    public async Task<(float Default, IReadOnlyDictionary<Sector, float> SectorMinimums)> MinimumsInForceAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var fallback = await DefaultInAsync(db, cancellationToken);
        var stored = await db.SectorThresholds.AsNoTracking().ToDictionaryAsync(t => t.Sector, t => t.Minimum, cancellationToken);
        return (fallback, Sectors.All.ToDictionary(s => s, s => Math.Max(fallback, stored.GetValueOrDefault(s, fallback))));
    }

    public async Task<float> EffectiveForAsync(Guid organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId)
            .Select(o => new { o.Sector, o.OwnThreshold }).FirstAsync(cancellationToken);
        var sector = await db.SectorThresholds.AsNoTracking().Where(t => t.Sector == organisation.Sector).Select(t => (float?)t.Minimum)
            .FirstOrDefaultAsync(cancellationToken);
        return ThresholdRule.Effective(await DefaultInAsync(db, cancellationToken), sector, organisation.OwnThreshold);
    }

    /// <summary>A partner raises its own threshold (or clears it); never below its sector's minimum.</summary>
    public async Task<Outcome> SetOwnAsync(Actor actor, Guid organisationId, float? threshold, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: a sector minimum raised at the same moment is either seen here or applied after.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId && (actor.IsPlatformAdmin || o.Id == actor.OrganisationId), cancellationToken);
        if (organisation is null)
            return Outcome.NotFound();
        var floor = await SectorMinimumInAsync(db, organisation.Sector, cancellationToken);
        if (threshold is { } value && !(value >= floor && value <= ThresholdRule.Highest))
            return Outcome.Invalid($"Your threshold can only be raised: between {floor:0.00} (your sector's minimum) and {ThresholdRule.Highest:0.00}.");
        var before = organisation.OwnThreshold;
        organisation.OwnThreshold = threshold;
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.ThresholdChanged, $"organisation:{organisationId}",
            $"own threshold {before?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "none"} -> {threshold?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}", organisationId, cancellationToken);
        return Outcome.Ok;
    }
}
