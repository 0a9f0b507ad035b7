using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// A proposal not decided by an admin, as the admin page shows it: who proposed it (a name, for admins only), whether it
/// is the viewer's own, and until when it can be confirmed (or that it expired, then no one can).
/// <see cref="ViewerCannotConfirm"/> says why the viewer has no Confirm button (null: they may confirm);
/// <see cref="NobodyCanConfirm"/> that no admin may, so the page says what would unblock it.
/// </summary>
public sealed record PendingThresholdProposal(Guid Id, Sector? Sector, float Before, float Proposed, string Reason,
    string ProposedByName, DateTimeOffset ProposedAt, bool ProposedByViewer, DateTimeOffset ExpiresAt, bool Expired)
{
    public string? ViewerCannotConfirm { get; init; }
    public bool NobodyCanConfirm { get; init; }
}

/// <summary>A proposal was made, decided or expired: open threshold pages re-read (relayed to other processes).</summary>
public sealed record ThresholdsChanged(Guid ProposalId);

/// <summary>
/// One confirmed change, as published: when it took effect, what changed, from and to, and why. No names or e-mails: the
/// public learns that two admins agreed, not who they are.
/// </summary>
public sealed record ThresholdChange(DateTimeOffset ConfirmedAt, string Target, Sector? Sector, float Before, float After, string Reason);

/// <summary>What the thresholds page reads: the values in force, the proposals waiting, the recently expired ones, and the history.</summary>
public sealed record ThresholdOverview(float Default, IReadOnlyDictionary<Sector, float> SectorMinimums,
    IReadOnlyList<PendingThresholdProposal> Pending, IReadOnlyList<ThresholdChange> History)
{
    public IReadOnlyList<PendingThresholdProposal> Expired { get; init; } = [];
}
