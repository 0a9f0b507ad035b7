namespace Portal.Domain.Auditing;

/// <summary>Governed thresholds: a change of the default or a sector minimum is proposed and confirmed by two platform admins.
/// The change itself is still <see cref="ThresholdChanged"/>.</summary>
public static partial class AuditActions
{
    public const string ThresholdProposed = "threshold.proposed";
    public const string ThresholdProposalConfirmed = "threshold.proposal-confirmed";
    public const string ThresholdProposalRejected = "threshold.proposal-rejected";
    public const string ThresholdProposalWithdrawn = "threshold.proposal-withdrawn";
    public const string ThresholdProposalExpired = "threshold.proposal-expired";
    public const string ThresholdRefused = "threshold.refused";
}
