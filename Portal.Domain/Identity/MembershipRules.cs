namespace Portal.Domain.Identity;

/// <summary>Which combinations of roles and organisation a user may have.</summary>
public static class MembershipRules
{
    /// <summary>Null when the combination is allowed, otherwise the reason it is not.</summary>
    public static string? Check(IReadOnlyCollection<string> roles, Guid? organisationId)
    {
        if (roles.Count == 0)
            return "Choose at least one role.";
        if (roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
            return $"'{unknown}' is not a role of this portal.";
        var bound = roles.Any(r => Roles.OrganisationBound.Contains(r));
        if (bound && organisationId is null)
            return "Partner staff and reviewers must belong to an organisation.";
        if (!bound && organisationId is not null)
            return "Only partner staff and reviewers belong to an organisation; remove the organisation or add one of those roles.";
        return null;
    }
}
