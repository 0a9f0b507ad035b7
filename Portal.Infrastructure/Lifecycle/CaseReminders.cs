using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Messaging;
using Portal.Domain.Retention;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Reminds an organisation's admins of open cases without activity: first after <see cref="RetentionOptions.ReminderAfter"/>,
/// then every <see cref="RetentionOptions.ReminderEvery"/> while the case stays idle, each with its purge date and how to keep it.
/// </summary>
public sealed class CaseReminders(IDbContextFactory<PortalDbContext> contextFactory, IEmailSender email, AuditLog auditLog, IOptions<RetentionOptions> options)
{
    internal async Task<List<ReminderDue>> DueAsync(PortalDbContext db, Guid organisationId, RetentionPeriods periods,
        IReadOnlyDictionary<Guid, DateTimeOffset> lastInteraction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var open = await db.Cases.AsNoTracking()
            .Where(c => c.OrganisationId == organisationId && c.ClosedAt == null && c.PurgedAt == null && c.TrashedAt == null)
            .Select(c => new { c.Id, c.Reference, c.LastReminderAt, c.KeepOpenConfirmedAt }).ToListAsync(cancellationToken);
        var due = new List<ReminderDue>();
        foreach (var c in open)
        {
            if (!lastInteraction.TryGetValue(c.Id, out var last) || periods.DueAt(DataKind.OpenCaseInactivity, last) is not { } purgeAt || now >= purgeAt)
                continue;
            // An admin's "keep it open" counts as activity for reminders (not for the purge, which follows the schedule).
            var idleSince = c.KeepOpenConfirmedAt is { } kept && kept > last ? kept : last;
            var remindedSinceIdle = c.LastReminderAt is { } reminded && reminded >= idleSince;
            if (now - idleSince >= settings.ReminderAfter && (!remindedSinceIdle || now - c.LastReminderAt!.Value >= settings.ReminderEvery))
                due.Add(new ReminderDue(c.Id, c.Reference, purgeAt));
        }
        return due;
    }

    /// <summary>E-mails every admin of the organisation about each case, then records the reminder with its entry (ids and dates only).</summary>
    internal async Task<int> SendAsync(Guid organisationId, IReadOnlyList<ReminderDue> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (due.Count == 0)
            return 0;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var admins = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.IsOrganisationAdmin && u.Email != null)
            .Select(u => u.Email!).ToListAsync(cancellationToken);
        foreach (var reminder in due)
        {
            foreach (var admin in admins)
                await email.SendAsync(Message(admin, reminder), cancellationToken);
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            await db.Cases.Where(c => c.Id == reminder.CaseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastReminderAt, now), cancellationToken);
            await auditLog.SaveWithEntryAsync(db, ErasureAudit.Actor, AuditActions.CaseReminded, $"case:{reminder.CaseId}",
                $"{admins.Count} admin(s) reminded; its probe photos are purged on {reminder.PurgeAt:yyyy-MM-dd} unless it has activity", organisationId, cancellationToken);
        }
        return due.Count;
    }

    private static EmailMessage Message(string to, ReminderDue reminder) => new(to,
        $"Case {reminder.Reference} has had no activity: its photos will be deleted on {reminder.PurgeAt:d MMMM yyyy}",
        $"""
        The case "{reminder.Reference}" (id {reminder.CaseId}) has had no activity for a long time.

        Under the published retention schedule, its probe photos, their face crops and face records will be deleted on
        {reminder.PurgeAt:d MMMM yyyy} (UTC). The case's candidates and review decisions are kept as a record, without photos.

        To keep the case, add activity to it (upload a probe photo or review its candidates). If it is no longer needed,
        close it with its outcome: the photos are then deleted on the closed-case schedule.
        """);
}
