using Microsoft.EntityFrameworkCore;
using Portal.Domain.Retention;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// The schedule as one organisation's sweep reads it: the platform's maximum and the organisation's shorter period per kind,
/// combined with a case's or gallery's own period through <see cref="RetentionPolicy"/>. A kind without a platform rule is not swept.
/// </summary>
internal sealed class RetentionPeriods(IReadOnlyDictionary<DataKind, int> platform, IReadOnlyDictionary<DataKind, int> organisation)
{
    public static async Task<RetentionPeriods> ReadAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken) =>
        new(await db.RetentionRules.AsNoTracking().ToDictionaryAsync(r => r.Kind, r => r.MaxDays, cancellationToken),
            await db.OrganisationRetentions.AsNoTracking().Where(r => r.OrganisationId == organisationId)
                .ToDictionaryAsync(r => r.Kind, r => r.Days, cancellationToken));

    /// <summary>When data of <paramref name="kind"/> whose clock started at <paramref name="clockStart"/> is due; null when the kind is not scheduled.</summary>
    public DateTimeOffset? DueAt(DataKind kind, DateTimeOffset clockStart, int? ownDays = null) =>
        platform.TryGetValue(kind, out var days)
            ? RetentionPolicy.DueAt(clockStart, RetentionPolicy.EffectiveDays(days, organisation.TryGetValue(kind, out var own) ? own : null, ownDays))
            : null;

    /// <summary>
    /// How long the trash keeps what this organisation deleted: the configured grace, never longer than the published
    /// schedule's Trash period (the platform's, or the organisation's shorter one), so the public schedule is what happens.
    /// </summary>
    public TimeSpan TrashGrace(TimeSpan configured) =>
        DueAt(DataKind.Trash, DateTimeOffset.UnixEpoch) is { } due && due - DateTimeOffset.UnixEpoch < configured ? due - DateTimeOffset.UnixEpoch : configured;

    public static async Task<TimeSpan> TrashGraceAsync(PortalDbContext db, Guid organisationId, TimeSpan configured, CancellationToken cancellationToken) =>
        (await ReadAsync(db, organisationId, cancellationToken)).TrashGrace(configured);
}
