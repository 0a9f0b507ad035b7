using Microsoft.AspNetCore.Identity;

namespace Portal.Infrastructure.Identity;

/// <summary>A person who signs in. Partner staff and reviewers belong to exactly one organisation.</summary>
public sealed class ApplicationUser : IdentityUser
{
    [PersonalData]
    public string DisplayName { get; set; } = "";

    /// <summary>Null only for platform admins and for nobody else once roles are assigned.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>May invite and remove members of their own organisation (the applicant becomes one).</summary>
    public bool IsOrganisationAdmin { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When an organisation admin removed this member: the clock of the removed-accounts retention period.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>The organisation the member left: its shorter period and its legal holds govern the account's erasure.</summary>
    public Guid? RemovedFromOrganisationId { get; set; }

    /// <summary>When the retention schedule erased the person's details; the row stays so ids in the audit chain keep their meaning.</summary>
    public DateTimeOffset? ErasedAt { get; set; }
}
