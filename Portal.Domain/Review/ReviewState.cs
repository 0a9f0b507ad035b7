namespace Portal.Domain.Review;

/// <summary>
/// Where a candidate stands under the two-person rule. Only <see cref="Confirmed"/> makes it a lead the
/// submitter may act on (and export); it is still never an identification.
/// </summary>
public enum ReviewState
{
    /// <summary>No counted decision yet (inconclusive looks leave it here).</summary>
    Pending,

    /// <summary>One reviewer confirmed or rejected; a second, different reviewer decides blind.</summary>
    PendingSecondReview,

    /// <summary>Two reviewers confirmed, or a platform admin confirmed a disputed candidate.</summary>
    Confirmed,

    /// <summary>Two reviewers rejected, or a platform admin rejected a disputed candidate.</summary>
    Rejected,

    /// <summary>The two reviewers differed: a platform admin decides, with a note.</summary>
    Disputed,
}

public enum ReviewVerdict
{
    Confirm,
    Reject,

    /// <summary>"I cannot tell": counts as neither, and leaves the candidate open for another reviewer.</summary>
    Inconclusive,
}

/// <summary>Which look at the candidate a decision was.</summary>
public enum ReviewStage
{
    First,
    Second,
    Admin,
}
