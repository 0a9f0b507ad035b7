using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Deleting a gallery, a photo or a case moves it to the trash: invisible at once to every search and listing, restorable by
/// the organisation's admins until the grace (<see cref="RetentionOptions.TrashGrace"/>, never longer than the published
/// schedule's Trash period) ends, then purged by the sweep.
/// The audit keeps ids and counts, never names. Moving and restoring are also written to the deletion log, so a restore of a
/// backup taken before either makes it again (<see cref="TrashChange"/>).
/// Who may move: partner staff of an approved organisation, the staff pages' own rule (<see cref="MembershipLookup.StaffAsync"/>).
/// </summary>
public sealed class Trash(
    IDbContextFactory<PortalDbContext> contextFactory,
    MembershipLookup memberships,
    AuditLog auditLog,
    TimeProvider timeProvider,
    IOptions<RetentionOptions> options,
    Notifier<GalleriesChanged> galleryChanges,
    IDeletionLog deletionLog)
{
    public const string PastGrace = "It can no longer be restored: its time in the trash is over and it is being deleted for good.";

    private Task<TimeSpan> GraceAsync(PortalDbContext db, Guid organisationId, CancellationToken cancellationToken) =>
        RetentionPeriods.TrashGraceAsync(db, organisationId, options.Value.TrashGrace, cancellationToken);

    /// <summary>What moving the item to the trash would take, for the confirmation; another organisation's item is not found.</summary>
    public async Task<Outcome<TrashCounts>> CountsAsync(Actor actor, TrashKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        // Refused (and audited) here already, the first step of a deletion, so nobody confirms one only to be told they may not.
        var standing = await StaffAsync(actor, kind, id, cancellationToken);
        if (standing is not { Succeeded: true, Value: { } membership })
            return standing.WithoutValue().As<TrashCounts>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var item = await TrashItems.FindAsync(db, membership.OrganisationId, kind, id, cancellationToken);
        return item is null || item.TrashedAt is not null
            ? Outcome<TrashCounts>.NotFound()
            : Outcome<TrashCounts>.Ok(new TrashCounts(kind, item.Photos, item.Faces,
                timeProvider.GetUtcNow() + await GraceAsync(db, membership.OrganisationId, cancellationToken)));
    }

    /// <summary>Moves the item to the trash (staff of its organisation); the value is when it will be deleted for good.</summary>
    public async Task<Outcome<DateTimeOffset>> MoveAsync(Actor actor, TrashKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        var standing = await StaffAsync(actor, kind, id, cancellationToken);
        if (standing is not { Succeeded: true, Value: { } membership })
            return standing.WithoutValue().As<DateTimeOffset>();
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: counted, marked and audited as one, so the counts audited are the counts moved.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var item = await TrashItems.FindAsync(db, membership.OrganisationId, kind, id, cancellationToken);
        if (item is null)
            return Outcome<DateTimeOffset>.NotFound();
        if (item.TrashedAt is not null)
            return Outcome<DateTimeOffset>.Conflict("It is already in the trash.");
        await TrashItems.MarkAsync(db, kind, id, now, actor.UserId, cancellationToken);
        var due = now + await GraceAsync(db, membership.OrganisationId, cancellationToken);
        await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.TrashMoved, $"{TrashItems.Target(kind)}:{id}",
            $"moved to the trash with {item.Photos} photo(s) and {item.Faces} face(s); deleted for good on {due:yyyy-MM-dd}", membership.OrganisationId,
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // After the commit, as erasures are logged: a restore of an older backup moves it to the trash again, with this time.
        await deletionLog.AppendAsync(new DeletionRecord
        {
            Cause = AuditActions.TrashMoved, Trash = new TrashChange(kind, id, membership.OrganisationId, now, actor.UserId, Restored: false),
        }, CancellationToken.None);
        await NotifyAsync(item);
        return Outcome<DateTimeOffset>.Ok(due);
    }

    /// <summary>The organisation's trash, newest first, for its admins; anyone else is refused.</summary>
    public async Task<Outcome<IReadOnlyList<TrashItem>>> ListAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (await AdminOfAsync(actor, cancellationToken) is not { } organisationId)
            return Outcome<IReadOnlyList<TrashItem>>.Forbidden(Refusal);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var items = await TrashItems.ListAsync(db, organisationId, cancellationToken);
        var grace = await GraceAsync(db, organisationId, cancellationToken);
        var ids = items.Select(i => i.TrashedBy).Distinct().ToList();
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        var now = timeProvider.GetUtcNow();
        return Outcome<IReadOnlyList<TrashItem>>.Ok(items.OrderByDescending(i => i.TrashedAt)
            .Select(i => new TrashItem(i.Kind, i.Id, i.What, i.Photos, i.Faces, names.GetValueOrDefault(i.TrashedBy, "a former member"), i.TrashedAt!.Value,
                i.TrashedAt.Value + grace, i.TrashedAt.Value + grace > now)).ToList());
    }

    /// <summary>Brings the item back, for the organisation's admins, while its grace lasts.</summary>
    public async Task<Outcome> RestoreAsync(Actor actor, TrashKind kind, Guid id, CancellationToken cancellationToken = default)
    {
        if (await AdminOfAsync(actor, cancellationToken) is not { } organisationId)
            return Outcome.Forbidden(Refusal);
        if (!DefinedValues.IsDefined(kind))
            return Outcome.NotFound();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var item = await TrashItems.FindAsync(db, organisationId, kind, id, cancellationToken);
        if (item is null)
            return Outcome.NotFound("It is no longer in the trash: it has been deleted for good.");
        if (item.TrashedAt is null)
            return Outcome.Conflict("It is not in the trash.");
        var target = $"{TrashItems.Target(kind)}:{id}";
        if (item.Purged || item.TrashedAt.Value + await GraceAsync(db, organisationId, cancellationToken) <= timeProvider.GetUtcNow())
        {
            await auditLog.SaveWithEntryAsync(db, actor.Name, kind == TrashKind.Case ? AuditActions.CaseRefused : AuditActions.GalleryRefused, target,
                "restore from the trash refused: past the grace", organisationId, cancellationToken);
            return Outcome.Conflict(PastGrace);
        }
        await TrashItems.MarkAsync(db, kind, id, null, null, cancellationToken);
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.TrashRestored, target,
            $"restored with {item.Photos} photo(s) and {item.Faces} face(s)", organisationId, cancellationToken);
        // Committed above; logged so that a restore of a backup taken while it was in the trash does not purge what was kept.
        await deletionLog.AppendAsync(new DeletionRecord
        {
            Cause = AuditActions.TrashRestored, Trash = new TrashChange(kind, id, organisationId, item.TrashedAt, item.TrashedBy, Restored: true),
        }, CancellationToken.None);
        await NotifyAsync(item);
        return Outcome.Ok;
    }

    public const string Refusal = "Only your organisation's admins can see the trash and restore from it.";

    /// <summary>
    /// The actor's membership when they may move the item to the trash: NotFound for no organisation (or an unknown kind), as
    /// before; Forbidden, with the reason and an audit entry (ids only), for a suspended organisation or someone not partner staff.
    /// </summary>
    private async Task<Outcome<Membership>> StaffAsync(Actor actor, TrashKind kind, Guid id, CancellationToken cancellationToken)
    {
        var standing = await memberships.StaffAsync(actor.UserId, cancellationToken);
        if (standing.Membership is not { } membership || !DefinedValues.IsDefined(kind))
            return Outcome<Membership>.NotFound();
        if (standing.Refusal is not { } refusal)
            return Outcome<Membership>.Ok(membership);
        await auditLog.RecordAsync(actor.Name, kind == TrashKind.Case ? AuditActions.CaseRefused : AuditActions.GalleryRefused,
            $"{TrashItems.Target(kind)}:{id}", $"move to the trash refused: {refusal.Audited}", membership.OrganisationId, cancellationToken);
        return Outcome<Membership>.Forbidden(refusal.Message);
    }

    private async Task<Guid?> AdminOfAsync(Actor actor, CancellationToken cancellationToken) =>
        await memberships.FindAsync(actor.UserId, cancellationToken) is { IsOrganisationAdmin: true, Status: OrganisationStatus.Approved } membership
            ? membership.OrganisationId
            : null;

    private Task NotifyAsync(TrashRow item) =>
        item.GalleryId is { } galleryId ? galleryChanges.PublishAsync(new GalleriesChanged(galleryId)) : Task.CompletedTask;
}
