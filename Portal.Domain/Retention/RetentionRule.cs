namespace Portal.Domain.Retention;

/// <summary>The platform's maximum period for one kind of data: the ceiling every organisation, gallery and case stays under.</summary>
public sealed class RetentionRule
{
    public const int MaxExplanationLength = 1000;

    public DataKind Kind { get; init; }
    public int MaxDays { get; set; }
    public ClockEvent Clock { get; init; }

    /// <summary>Why the period is what it is (e.g. the law it follows), shown on the public page.</summary>
    public string Explanation { get; set; } = "";
}

/// <summary>One edit of the schedule: when, by whom, why, and every rule as it stood afterwards.</summary>
public sealed class RetentionRevision
{
    public const int MaxReasonLength = 2000;

    public long Id { get; set; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }

    /// <summary>What changed, in words ("Probe photos of closed cases: 30 days to 14 days").</summary>
    public string Change { get; init; } = "";

    public required string Reason { get; init; }

    /// <summary>The whole schedule after the edit, as JSON: the public history shows what applied when.</summary>
    public required string Rules { get; init; }
}

/// <summary>An organisation's own, shorter period for one kind of data.</summary>
public sealed class OrganisationRetention
{
    public Guid OrganisationId { get; init; }
    public DataKind Kind { get; init; }
    public int Days { get; set; }
}
