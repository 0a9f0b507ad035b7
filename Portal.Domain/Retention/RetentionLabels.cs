namespace Portal.Domain.Retention;

/// <summary>The public schedule's wording for each kind of data and each clock, shared by the public and admin pages.</summary>
public static class RetentionLabels
{
    public static string Label(this DataKind kind) => kind switch
    {
        DataKind.ProbePhotos => "Probe photos of closed cases",
        DataKind.OpenCaseInactivity => "Probe photos of open cases without activity",
        DataKind.CaseRecords => "Case records",
        DataKind.GalleryPhotos => "Gallery photos",
        DataKind.CandidatesAndDecisions => "Candidates and review decisions",
        DataKind.Exports => "Exports",
        DataKind.AuditEntries => "Audit entries",
        DataKind.RemovedAccounts => "Accounts of removed members",
        DataKind.Trash => "Deleted items in the trash",
        DataKind.Backups => "Backups",
        DataKind.SentMail => "Copies of e-mails sent",
        _ => kind.ToString(),
    };

    /// <summary>What a kind covers, in the words of the public schedule.</summary>
    public static string Covers(this DataKind kind) => kind switch
    {
        DataKind.ProbePhotos => "Photos of a missing person uploaded to a case, the face crops cut from them and their face records.",
        DataKind.OpenCaseInactivity => "The same photos, crops and face records of a case that is still open but no longer used.",
        DataKind.CaseRecords => "A case's reference, notes and outcome.",
        DataKind.GalleryPhotos => "Photos in a gallery, their face embeddings and face crops.",
        DataKind.CandidatesAndDecisions => "Possible matches found by a search and the reviewers' decisions on them.",
        DataKind.Exports => "Lists of leads and audit extracts.",
        DataKind.AuditEntries => "The tamper-evident record of who did what and when.",
        DataKind.RemovedAccounts => "Sign-in details of people removed from a partner organisation.",
        DataKind.Trash => "Photos, galleries and cases deleted by a partner, restorable until purged.",
        DataKind.Backups => "Copies of the database and stored photos kept for recovery.",
        DataKind.SentMail => "Invitations, password resets and notices, with the recipient's address, where the portal keeps a copy for its admins.",
        _ => kind.ToString(),
    };

    public static string Label(this ClockEvent clock) => clock switch
    {
        ClockEvent.CaseClosed => "after the case is closed",
        ClockEvent.LastInteraction => "after the last activity on the case",
        ClockEvent.Uploaded => "after upload",
        ClockEvent.Decided => "after the decision",
        ClockEvent.Downloaded => "from the download",
        ClockEvent.Written => "after it is written",
        ClockEvent.AccountRemoved => "after the member is removed",
        ClockEvent.MovedToTrash => "after it is moved to the trash",
        ClockEvent.BackupTaken => "after the backup is taken",
        _ => clock.ToString(),
    };

    /// <summary>A period as the schedule shows it: "not kept", "1 day", "30 days", "3 years".</summary>
    public static string Period(int days) => days switch
    {
        0 => "not kept",
        1 => "1 day",
        365 => "1 year",
        _ when days % 365 == 0 => $"{days / 365} years",
        _ => $"{days} days",
    };
}
