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

/// <summary>Sector minimums (admins) and a partner's own, higher threshold; the effective one for a search.</summary>
public sealed class ThresholdService(
    IDbContextFactory<PortalDbContext> contextFactory,
    IOptions<FaceOptions> faceOptions,
    AuditLog auditLog,
    TimeProvider timeProvider)
{
    public float Default => faceOptions.Value.DefaultThreshold;

    /// <summary>Every sector's minimum, for a platform admin; anyone else is refused.</summary>
    public async Task<Outcome<IReadOnlyDictionary<Sector, float>>> SectorMinimumsAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "see sector minimums") is { } refusal)
            return Outcome<IReadOnlyDictionary<Sector, float>>.Forbidden(refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.SectorThresholds.AsNoTracking().ToDictionaryAsync(t => t.Sector, t => t.Minimum, cancellationToken);
        return Outcome<IReadOnlyDictionary<Sector, float>>.Ok(Sectors.All.ToDictionary(s => s, s => stored.GetValueOrDefault(s, Default)));
    }

    public async Task<float> EffectiveForAsync(Guid organisationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == organisationId)
            .Select(o => new { o.Sector, o.OwnThreshold }).FirstAsync(cancellationToken);
        var sector = await db.SectorThresholds.AsNoTracking().Where(t => t.Sector == organisation.Sector).Select(t => (float?)t.Minimum)
            .FirstOrDefaultAsync(cancellationToken);
        return ThresholdRule.Effective(Default, sector, organisation.OwnThreshold);
    }

    public async Task<Outcome> SetSectorMinimumAsync(Actor actor, Sector sector, float minimum, CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "set sector minimums") is { } refusal)
            return Outcome.Forbidden(refusal);
        if (!DefinedValues.IsDefined(sector))
            return Outcome.Invalid("Choose one of the listed sectors.");
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(minimum >= Default && minimum <= ThresholdRule.Highest))
            return Outcome.Invalid($"A sector minimum lies between the default {Default:0.00} and {ThresholdRule.Highest:0.00}.");
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: the "before" in the audit entry is the value this change replaced.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var row = await db.SectorThresholds.FirstOrDefaultAsync(t => t.Sector == sector, cancellationToken);
        var before = row?.Minimum ?? Default;
        if (row is null)
            db.SectorThresholds.Add(row = new SectorThreshold { Sector = sector });
        row.Minimum = minimum;
        row.UpdatedBy = actor.Name;
        row.UpdatedAt = timeProvider.GetUtcNow();
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.ThresholdChanged, $"sector:{sector}", $"minimum {before:0.000} -> {minimum:0.000}", null, cancellationToken);
        return Outcome.Ok;
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
        var sector = await db.SectorThresholds.Where(t => t.Sector == organisation.Sector).Select(t => (float?)t.Minimum).FirstOrDefaultAsync(cancellationToken) ?? Default;
        var floor = Math.Max(Default, sector);
        if (threshold is { } value && !(value >= floor && value <= ThresholdRule.Highest))
            return Outcome.Invalid($"Your threshold can only be raised: between {floor:0.00} (your sector's minimum) and {ThresholdRule.Highest:0.00}.");
        var before = organisation.OwnThreshold;
        organisation.OwnThreshold = threshold;
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.ThresholdChanged, $"organisation:{organisationId}",
            $"own threshold {before?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "none"} -> {threshold?.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}", organisationId, cancellationToken);
        return Outcome.Ok;
    }
}
