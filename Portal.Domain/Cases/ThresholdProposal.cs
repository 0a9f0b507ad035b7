using Portal.Domain.Organisations;

namespace Portal.Domain.Cases;

public enum ThresholdProposalState
{
    Pending,
    Confirmed,
    Withdrawn,
    Rejected,

    /// <summary>Not confirmed within <see cref="ThresholdProposal.Lifetime"/>; written when a new proposal for its target replaces it.</summary>
    Expired,
}

/// <summary>
/// A proposed change of the default threshold (<see cref="Sector"/> null) or of one sector's minimum. One platform
/// admin proposes it with a reason; a different one confirms it (or rejects it with a reason), or the proposer withdraws
/// it. The reason of a confirmed change is published on the transparency page. Every "By" holds a user id.
/// </summary>
public sealed class ThresholdProposal
{
    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 1000;

    /// <summary>
    /// How long a proposal waits for its second admin. Without a limit a proposal forgotten for months could be confirmed
    /// by an admin who joined long after the reasons for it were discussed, or against evidence that has since changed;
    /// a week leaves time for a colleague back from a few days off, and a change still wanted is simply proposed again.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The sector whose minimum changes; null for the platform default.</summary>
    public Sector? Sector { get; init; }

    /// <summary>The value in force when it was proposed: confirming it when the value has changed meanwhile is refused.</summary>
    public float Before { get; init; }

    public float Proposed { get; init; }
    public required string Reason { get; init; }
    public required string ProposedBy { get; init; }
    public DateTimeOffset ProposedAt { get; init; }
    public ThresholdProposalState State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? RejectionReason { get; set; }

    public DateTimeOffset ExpiresAt => ProposedAt + Lifetime;

    /// <summary>Expired at <paramref name="now"/>: still pending (or already marked) past its lifetime.</summary>
    public bool IsExpiredAt(DateTimeOffset now) =>
        State == ThresholdProposalState.Expired || (State == ThresholdProposalState.Pending && now >= ExpiresAt);
}

/// <summary>The platform's default threshold once an admin pair changed it; until then the configured value applies.</summary>
public sealed class PlatformThreshold
{
    public const int SingleRowId = 1;

    public int Id { get; init; } = SingleRowId;
    public float Value { get; set; }
    public string UpdatedBy { get; set; } = "system";
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class ThresholdProposalStateLabels
{
    public static string Label(this ThresholdProposalState state) => state switch
    {
        ThresholdProposalState.Pending => "Waiting for a second admin",
        ThresholdProposalState.Confirmed => "Confirmed",
        ThresholdProposalState.Withdrawn => "Withdrawn",
        ThresholdProposalState.Rejected => "Rejected",
        ThresholdProposalState.Expired => "Expired without confirmation",
        _ => state.ToString(),
    };
}

/// <summary>How a proposal's target is written in the audit chain and shown to people.</summary>
public static class ThresholdTargets
{
    public static string AuditTarget(Sector? sector) => sector is { } s ? $"sector:{s}" : "default";

    public static string Label(Sector? sector) => sector is { } s ? $"{Sectors.Label(s)} minimum" : "Default threshold";
}
