using Microsoft.EntityFrameworkCore;
using Portal.Domain.Retention;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Retention;

namespace Portal.Infrastructure.Seeding;

/// <summary>
/// The published retention schedule as first set, in every environment (not demo data): BIPA wants it published
/// before anything is collected. Idempotent: a kind already in the schedule keeps the period an admin gave it.
/// </summary>
internal sealed class RetentionDefaults(IDbContextFactory<PortalDbContext> contextFactory, TimeProvider timeProvider)
{
    internal const string InitialReason = "Initial schedule";

    public static IReadOnlyList<RetentionRule> Rules { get; } =
    [
        Rule(DataKind.ProbePhotos, 30, ClockEvent.CaseClosed, "Kept only while the follow-up of a closed case may need them."),
        Rule(DataKind.OpenCaseInactivity, 1095, ClockEvent.LastInteraction, "Illinois BIPA: biometric data is destroyed within 3 years of the last interaction."),
        Rule(DataKind.CaseRecords, 1095, ClockEvent.CaseClosed, "Lets a partner answer for a case's outcome; holds no photos."),
        Rule(DataKind.GalleryPhotos, 1095, ClockEvent.Uploaded, "Illinois BIPA's 3-year limit; a partner may set a shorter period."),
        Rule(DataKind.CandidatesAndDecisions, 1095, ClockEvent.CaseClosed, "Records of human review, kept as long as the case record."),
        Rule(DataKind.Exports, 0, ClockEvent.Downloaded, "Downloaded at once, never stored by the portal."),
        Rule(DataKind.AuditEntries, 2555, ClockEvent.Written, "Seven years, for oversight and complaints; they hold ids and facts, never photos."),
        Rule(DataKind.RemovedAccounts, 90, ClockEvent.AccountRemoved, "Time to answer questions about a departed member's work."),
        Rule(DataKind.Trash, 7, ClockEvent.MovedToTrash, "A grace period to undo a mistaken deletion."),
        Rule(DataKind.Backups, 35, ClockEvent.BackupTaken, "Backups expire so restored data never outlives the schedule."),
        Rule(DataKind.SentMail, 30, ClockEvent.Written, "Long enough to answer \"I never got the invitation\"; an invitation link expires sooner."),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Under the write lock: processes starting together seed the schedule once.
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var present = (await db.RetentionRules.Select(r => r.Kind).ToListAsync(cancellationToken)).ToHashSet();
        var missing = Rules.Where(r => !present.Contains(r.Kind)).ToList();
        if (missing.Count == 0)
            return;
        db.RetentionRules.AddRange(missing.Select(r => new RetentionRule { Kind = r.Kind, MaxDays = r.MaxDays, Clock = r.Clock, Explanation = r.Explanation }));
        if (!await db.RetentionRevisions.AnyAsync(cancellationToken))
            db.RetentionRevisions.Add(new RetentionRevision
            {
                At = timeProvider.GetUtcNow(), Actor = "system", Change = InitialReason, Reason = InitialReason, Rules = RetentionSnapshot.Of(Rules),
            });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static RetentionRule Rule(DataKind kind, int days, ClockEvent clock, string explanation) =>
        new() { Kind = kind, MaxDays = days, Clock = clock, Explanation = explanation };
}
