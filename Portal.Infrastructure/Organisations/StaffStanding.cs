namespace Portal.Infrastructure.Organisations;

/// <summary>
/// Whether a user may make the changes the staff pages offer (<see cref="MembershipLookup.StaffAsync"/>): allowed when
/// <see cref="Refusal"/> is null and <see cref="Membership"/> is not.
/// </summary>
public sealed record StaffStanding(Membership? Membership, StaffRefusal? Refusal)
{
    public bool Allowed => Membership is not null && Refusal is null;
}

/// <summary>Why not: <see cref="Audited"/> for the audit entry (no names), <see cref="Message"/> for the person.</summary>
public sealed record StaffRefusal(string Audited, string Message);
