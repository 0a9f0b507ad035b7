namespace Portal.Infrastructure.Identity;

/// <summary>Claims the portal adds to a signed-in principal.</summary>
public static class PortalClaimTypes
{
    public const string OrganisationId = "portal:organisation";
    public const string DisplayName = "portal:display-name";
}
