namespace Portal.Domain.Retention;

/// <summary>
/// How long data may be kept: the platform's maximum, an organisation's shorter period, and a gallery's or case's
/// shorter one still. The shortest applies; an override may never be longer than the level above it.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>The longest period the platform may publish (100 years): anything longer is a typing error.</summary>
    public const int MaxDays = 36500;

    /// <summary>
    /// The kinds an organisation may shorten for itself: its own partners' biometric and case data, and the accounts of
    /// members it removed. Audit entries, backups, the trash, copies of sent e-mail and exports are the platform's, kept
    /// alike for everyone.
    /// </summary>
    public static IReadOnlyList<DataKind> OrganisationKinds { get; } =
    [
        DataKind.ProbePhotos, DataKind.OpenCaseInactivity, DataKind.CaseRecords, DataKind.GalleryPhotos, DataKind.CandidatesAndDecisions,
        DataKind.RemovedAccounts,
    ];

    /// <summary>The period in force: the shortest of the three levels that are set.</summary>
    public static int EffectiveDays(int platformDays, int? organisationDays = null, int? ownDays = null) =>
        Math.Min(platformDays, Math.Min(organisationDays ?? int.MaxValue, ownDays ?? int.MaxValue));

    /// <summary>When data whose clock started at <paramref name="clockStart"/> must be gone.</summary>
    public static DateTimeOffset DueAt(DateTimeOffset clockStart, int days) => clockStart.AddDays(days);

    /// <summary>
    /// The longest the platform may keep biometric data (3 years): Illinois BIPA's outer limit after the last interaction,
    /// which the data-use agreement promises whatever an admin types.
    /// </summary>
    public const int BiometricMaxDays = 1095;

    /// <summary>
    /// The kinds that hold face photos or embeddings: probe and gallery photos, and the trash and backups that still carry
    /// them until they go.
    /// </summary>
    public static IReadOnlyList<DataKind> BiometricKinds { get; } =
        [DataKind.ProbePhotos, DataKind.OpenCaseInactivity, DataKind.GalleryPhotos, DataKind.Trash, DataKind.Backups];

    /// <summary>
    /// The shortest the audit log may be kept (1 year): a shorter period would let one setting erase the record of what
    /// was done, the change of the setting included. The expiry refuses to run below it, and the verifier treats an anchor
    /// made below it as tampering.
    /// </summary>
    public const int AuditMinDays = 365;

    /// <summary>Why the platform may not publish <paramref name="days"/> as the maximum for <paramref name="kind"/>, or null when it may.</summary>
    public static string? PlatformProblem(DataKind kind, int days) => days switch
    {
        < 0 or > MaxDays => $"Give a period of 0 to {MaxDays} days.",
        > BiometricMaxDays when BiometricKinds.Contains(kind) =>
            $"This data holds face photos or embeddings: it may be kept at most {BiometricMaxDays} days (3 years, Illinois BIPA's limit).",
        < AuditMinDays when kind == DataKind.AuditEntries =>
            $"Audit entries are kept at least {AuditMinDays} days: the record of who did what must outlive the questions about it.",
        _ => null,
    };

    /// <summary>
    /// Why an override of <paramref name="days"/> may not be set under a level allowing <paramref name="ceilingDays"/>,
    /// or null when it may (null days clears the override and is always allowed).
    /// </summary>
    /// <param name="level">The level above, as words: "the platform's maximum", "your organisation's period".</param>
    public static string? OverrideProblem(int? days, int ceilingDays, string level) => days switch
    {
        null => null,
        < 0 => "Give a period of 0 days or more.",
        _ when days > ceilingDays => $"A period may be shorter than {level} ({RetentionLabels.Period(ceilingDays)}), never longer.",
        _ => null,
    };
}
