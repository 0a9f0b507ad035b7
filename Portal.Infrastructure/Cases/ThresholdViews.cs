using Portal.Domain.Organisations;

namespace Portal.Infrastructure.Cases;

/// <summary>A pending proposal as the admin page shows it: who proposed it (a name, for admins only) and whether it is the viewer's own.</summary>
public sealed record PendingThresholdProposal(Guid Id, Sector? Sector, float Before, float Proposed, string Reason,
    string ProposedByName, DateTimeOffset ProposedAt, bool ProposedByViewer);

/// <summary>
/// One confirmed change, as published: when it took effect, what changed, from and to, and why. No names or e-mails: the
/// public learns that two admins agreed, not who they are.
/// </summary>
public sealed record ThresholdChange(DateTimeOffset ConfirmedAt, string Target, Sector? Sector, float Before, float After, string Reason);

/// <summary>What the thresholds page reads: the values in force, the proposals waiting, and the history.</summary>
public sealed record ThresholdOverview(float Default, IReadOnlyDictionary<Sector, float> SectorMinimums,
    IReadOnlyList<PendingThresholdProposal> Pending, IReadOnlyList<ThresholdChange> History);
