using Portal.Domain.Common;

namespace Portal.Domain.Organisations;

/// <summary>A partner organisation. Only an approved one may search.</summary>
public sealed class Organisation
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The legal name.</summary>
    public required string Name { get; set; }

    /// <summary>
    /// Fixed when the organisation applies (a change of sector is a new application, vetted again): the moratoria, the
    /// sector minimums and the public figures all count an organisation's past under the sector it had at the time,
    /// which stays true only while this cannot change.
    /// </summary>
    public Sector Sector { get; init; }
    public string Country { get; set; } = "";
    public string Website { get; set; } = "";
    public string ContactPerson { get; set; } = "";
    public string MissionStatement { get; set; } = "";
    public Purpose RequestedPurposes { get; set; }
    public Purpose GrantedPurposes { get; set; }
    public OrganisationStatus Status { get; private set; } = OrganisationStatus.Applied;
    public string? DataUseAgreementVersion { get; set; }
    public DateTimeOffset? DataUseAgreementAcceptedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the applicant confirmed their email; only then does the application reach the admins.</summary>
    public DateTimeOffset? ApplicationConfirmedAt { get; set; }

    public List<OrganisationStatusChange> History { get; init; } = [];

    /// <summary>A threshold the partner chose for its own searches; it can only raise the sector's minimum.</summary>
    public float? OwnThreshold { get; set; }

    public bool IsApproved => Status == OrganisationStatus.Approved;

    /// <summary>Moves the organisation along the vetting state machine and records why.</summary>
    public Outcome ChangeStatus(OrganisationStatus to, string actor, string reason, DateTimeOffset at)
    {
        if (!DefinedValues.IsDefined(to))
            return Outcome.Invalid("That is not a status an organisation can have.");
        if (!OrganisationLifecycle.CanMove(Status, to))
            return Outcome.Conflict($"An organisation that is {Status} cannot become {to}.");
        if (string.IsNullOrWhiteSpace(reason))
            return Outcome.Invalid("Give a reason: it is kept in the organisation's history.");
        History.Add(new OrganisationStatusChange { OrganisationId = Id, From = Status, To = to, Actor = actor, At = at, Reason = reason.Trim() });
        Status = to;
        return Outcome.Ok;
    }

    /// <summary>Approves with the purposes granted: at least one, and only ones the organisation asked for.</summary>
    public Outcome Approve(Purpose granted, string actor, string reason, DateTimeOffset at)
    {
        if (!DefinedValues.IsDefinedCombination(granted))
            return Outcome.Invalid("Grant purposes from the list.");
        if (granted == Purpose.None)
            return Outcome.Invalid("Grant at least one purpose.");
        if ((granted & ~RequestedPurposes) != Purpose.None)
            return Outcome.Invalid($"Only requested purposes can be granted; {Purposes.LabelAll(granted & ~RequestedPurposes)} was not requested.");
        var outcome = ChangeStatus(OrganisationStatus.Approved, actor, reason, at);
        if (outcome.Succeeded)
            GrantedPurposes = granted;
        return outcome;
    }

    /// <summary>Records the first state of a new application, or of an organisation created already vetted.</summary>
    public void Start(OrganisationStatus initial, string actor, string reason, DateTimeOffset at)
    {
        if (History.Count > 0)
            throw new InvalidOperationException("The organisation already has a history.");
        Status = initial;
        History.Add(new OrganisationStatusChange { OrganisationId = Id, From = null, To = initial, Actor = actor, At = at, Reason = reason });
    }
}
