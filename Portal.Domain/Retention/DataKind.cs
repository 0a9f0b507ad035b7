namespace Portal.Domain.Retention;

/// <summary>A kind of stored data with its own retention period in the published schedule.</summary>
public enum DataKind
{
    /// <summary>Probe photos, their face crops and face records, once their case is closed.</summary>
    ProbePhotos,

    /// <summary>The same data of a case still open, counted from its last interaction (BIPA's three years).</summary>
    OpenCaseInactivity,

    /// <summary>A case's reference, notes and outcome.</summary>
    CaseRecords,

    /// <summary>Gallery photos, their embeddings and face crops.</summary>
    GalleryPhotos,

    CandidatesAndDecisions,

    /// <summary>Downloads (leads, audit CSV): handed over at once and never stored by the portal.</summary>
    Exports,

    AuditEntries,
    RemovedAccounts,
    Trash,
    Backups,

    /// <summary>Copies of e-mails the portal sent, kept only when mail is delivered to the pickup folder.</summary>
    SentMail,
}

/// <summary>The event that starts a retention period's clock.</summary>
public enum ClockEvent
{
    CaseClosed,
    LastInteraction,
    Uploaded,
    Decided,
    Downloaded,
    Written,
    AccountRemoved,
    MovedToTrash,
    BackupTaken,
}
