namespace Portal.Domain.Auditing;

/// <summary>Names of audited actions. Stable strings: they are filtered on and exported. Partial: a feature may keep its
/// own names in a file of its own beside this one (AuditActions.Feature.cs).</summary>
public static partial class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string Lockout = "auth.lockout";
    public const string SignOut = "auth.sign-out";
    public const string TwoFactorEnabled = "auth.2fa-enabled";
    public const string TwoFactorDisabled = "auth.2fa-disabled";
    public const string PasswordChanged = "auth.password-changed";
    public const string RateLimited = "security.rate-limited";
    public const string UserCreated = "user.created";
    public const string RolesChanged = "user.roles-changed";
    public const string UserOrganisationChanged = "user.organisation-changed";

    public const string PartnerApplied = "partner.applied";
    public const string PartnerApplicationConfirmed = "partner.application-confirmed";
    public const string PartnerStatusChanged = "partner.status-changed";
    public const string PartnerApplicationRefused = "partner.application-refused";
    public const string PartnerApplicationForExistingAccount = "partner.application-existing-account";
    public const string ConfirmationResent = "partner.confirmation-resent";
    public const string ConfirmationResendRefused = "partner.confirmation-resend-refused";
    public const string EmailConfirmationRefused = "partner.email-confirmation-refused";
    public const string StandingRefused = "partner.standing-refused";

    public const string MemberInvited = "member.invited";
    public const string InvitationRevoked = "member.invitation-revoked";
    public const string MemberJoined = "member.joined";
    public const string InvitationRefused = "member.invitation-refused";
    public const string MemberRemoved = "member.removed";

    /// <summary>Members removed before the removal time was stored got their retention clock from the audit chain.</summary>
    public const string RemovedAccountClocksRestored = "member.removal-clocks-restored";

    public const string MoratoriumCreated = "moratorium.created";
    public const string MoratoriumEdited = "moratorium.edited";
    public const string MoratoriumExtended = "moratorium.extended";
    public const string MoratoriumEndedEarly = "moratorium.ended-early";
    public const string MoratoriumStarted = "moratorium.started";
    public const string MoratoriumRefused = "moratorium.refused";

    public const string JobsHeld = "queue.jobs-held";
    public const string JobsReleased = "queue.jobs-released";
    public const string JobDeadLettered = "queue.dead-lettered";
    public const string JobRetried = "queue.retried";
    public const string JobCancelled = "queue.cancelled";

    public const string GalleryCreated = "gallery.created";
    public const string GalleryDeleted = "gallery.deleted";
    public const string GalleryShared = "gallery.shared";
    public const string GalleryUnshared = "gallery.unshared";
    public const string GalleryRefused = "gallery.refused";
    public const string ImageUploaded = "gallery.image-uploaded";
    public const string ImageDeleted = "gallery.image-deleted";
    public const string UploadRejected = "upload.rejected";
    public const string StoredImagesStripped = "upload.stored-metadata-stripped";
    public const string StoredImageUnreadable = "upload.stored-unreadable";

    public const string CaseSubmitted = "case.submitted";
    public const string CaseRefused = "case.refused";
    public const string ProbeUploaded = "case.probe-uploaded";
    public const string ResultsViewed = "case.results-viewed";
    public const string ThresholdChanged = "threshold.changed";

    public const string ReviewDecided = "review.decided";
    public const string ReviewRefused = "review.refused";
    public const string ReviewSettled = "review.settled";
    public const string DisputesViewed = "review.disputes-viewed";
    public const string LeadsExported = "case.leads-exported";

    public const string AuditExported = "audit.exported";
    public const string AuditVerified = "audit.verified";
    public const string AuditRekeyed = "audit.rekeyed";
    public const string SecretsEncrypted = "secrets.encrypted";
    public const string AuditRekeyRefused = "audit.rekey-refused";
    public const string AuditExpired = "audit.expired";
    public const string AuditExpiryRefused = "audit.expiry-refused";

    // The biometric data lifecycle (issue 16): every action of its packages, in one block.
    public const string RetentionEdited = "retention.edited";
    public const string RetentionOrganisationSet = "retention.organisation-set";
    public const string RetentionOverrideSet = "retention.override-set";
    public const string CaseClosed = "case.closed";
    public const string CaseReminded = "case.reminded";
    public const string TrashMoved = "trash.moved";
    public const string TrashRestored = "trash.restored";
    public const string HoldPlaced = "hold.placed";
    public const string HoldConfirmed = "hold.confirmed";
    public const string HoldReleaseRequested = "hold.release-requested";
    public const string HoldReleased = "hold.released";
    public const string HoldRefused = "hold.refused";
    public const string ErasureStarted = "erasure.started";
    public const string ErasureCompleted = "erasure.completed";
    public const string ErasureSkippedHeld = "erasure.skipped-held";
    public const string ErasureFailed = "erasure.failed";
    public const string CertificateDownloaded = "erasure.certificate-downloaded";
    public const string CertificateRefused = "erasure.certificate-refused";
    public const string SubjectRequestRecorded = "subject.request-recorded";
    public const string SubjectRequestConfirmed = "subject.request-confirmed";
    public const string SubjectRequestSearched = "subject.request-searched";
    public const string SubjectRequestPhotoRefused = "subject.request-photo-refused";
    public const string SubjectRequestCancelled = "subject.request-cancelled";
    public const string SubjectRequestRefused = "subject.request-refused";
    public const string BackupTaken = "backup.taken";
    public const string BackupRestored = "backup.restored";
    public const string BackupExpired = "backup.expired";
    public const string RetentionRefused = "retention.refused";
    public const string ActorErased = "actor.erased";
    public const string RetentionSweepRequested = "retention.sweep-requested";
    public const string AccountErased = "account.erased";
    public const string CaseRecordDeleted = "case.record-deleted";
    public const string CaseDecisionsDeleted = "case.decisions-deleted";
}
