using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Galleries;
using Portal.Domain.Retention;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>When a case's probe data is due for deletion, and why: the clock and the period that decided it.</summary>
/// <param name="Closed">True: the clock is the closure (<see cref="DataKind.ProbePhotos"/>); false: the last activity of an open case.</param>
public sealed record CaseRetention(bool Closed, DateTimeOffset ClockStart, int Days, DateTimeOffset DueAt);

/// <summary>
/// The one computation of due dates from the schedule (platform rule, the organisation's shorter period, the gallery's or
/// case's own shorter one still), so the pages and the purge engine never disagree about a date.
/// </summary>
public static class RetentionDates
{
    /// <summary>
    /// The platform maxima used while the schedule has no rule for a kind (before it is seeded): the published defaults,
    /// BIPA's three years for open cases and gallery photos.
    /// </summary>
    public static readonly IReadOnlyDictionary<DataKind, int> Defaults = new Dictionary<DataKind, int>
    {
        [DataKind.ProbePhotos] = 30,
        [DataKind.OpenCaseInactivity] = 3 * 365,
        [DataKind.GalleryPhotos] = 3 * 365,
    };

    /// <summary>The case's due date: from its closure when closed, else from its last activity.</summary>
    public static async Task<CaseRetention> ForCaseAsync(PortalDbContext db, SearchCase searchCase, CancellationToken cancellationToken = default)
    {
        if (searchCase.ClosedAt is { } closedAt)
        {
            var days = RetentionPolicy.EffectiveDays(await PlatformDaysAsync(db, DataKind.ProbePhotos, cancellationToken),
                await OrganisationDaysAsync(db, searchCase.OrganisationId, DataKind.ProbePhotos, cancellationToken), searchCase.RetentionDays);
            return new CaseRetention(true, closedAt, days, RetentionPolicy.DueAt(closedAt, days));
        }
        var last = await LastActivityAsync(db, searchCase, cancellationToken);
        // The case's own period is for its probe photos once closed; an open case follows the inactivity rule.
        var open = RetentionPolicy.EffectiveDays(await PlatformDaysAsync(db, DataKind.OpenCaseInactivity, cancellationToken),
            await OrganisationDaysAsync(db, searchCase.OrganisationId, DataKind.OpenCaseInactivity, cancellationToken));
        return new CaseRetention(false, last, open, RetentionPolicy.DueAt(last, open));
    }

    /// <summary>When a gallery photo is due: its upload plus the shortest of the platform's, the organisation's and the gallery's period.</summary>
    public static async Task<DateTimeOffset> ForGalleryPhotoAsync(PortalDbContext db, Gallery gallery, GalleryImage image, CancellationToken cancellationToken = default)
    {
        var days = RetentionPolicy.EffectiveDays(await PlatformDaysAsync(db, DataKind.GalleryPhotos, cancellationToken),
            await OrganisationDaysAsync(db, gallery.OrganisationId, DataKind.GalleryPhotos, cancellationToken), gallery.RetentionDays);
        return RetentionPolicy.DueAt(image.UploadedAt, days);
    }

    /// <summary>The last interaction with a case: created, a probe uploaded, a candidate found, a decision made, or kept open.</summary>
    public static async Task<DateTimeOffset> LastActivityAsync(PortalDbContext db, SearchCase searchCase, CancellationToken cancellationToken = default)
    {
        var id = searchCase.Id;
        var instants = new List<DateTimeOffset?>
        {
            searchCase.CreatedAt, searchCase.KeepOpenConfirmedAt,
            (await db.Probes.Where(p => p.CaseId == id).Select(p => p.UploadedAt).ToListAsync(cancellationToken)).DefaultIfEmpty().Max(),
            (await db.Candidates.Where(c => c.CaseId == id).Select(c => c.FoundAt).ToListAsync(cancellationToken)).DefaultIfEmpty().Max(),
            (await (from decision in db.ReviewDecisions
                    join candidate in db.Candidates on decision.CandidateId equals candidate.Id
                    where candidate.CaseId == id
                    select decision.DecidedAt).ToListAsync(cancellationToken)).DefaultIfEmpty().Max(),
        };
        return instants.Where(i => i is not null).Max()!.Value;
    }

    private static async Task<int> PlatformDaysAsync(PortalDbContext db, DataKind kind, CancellationToken cancellationToken) =>
        await db.RetentionRules.Where(r => r.Kind == kind).Select(r => (int?)r.MaxDays).FirstOrDefaultAsync(cancellationToken)
        ?? Defaults[kind];

    private static Task<int?> OrganisationDaysAsync(PortalDbContext db, Guid organisationId, DataKind kind, CancellationToken cancellationToken) =>
        db.OrganisationRetentions.Where(r => r.OrganisationId == organisationId && r.Kind == kind).Select(r => (int?)r.Days)
            .FirstOrDefaultAsync(cancellationToken);
}
