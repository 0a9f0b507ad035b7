namespace Portal.Domain.Common;

/// <summary>Who is acting: the signed-in user as the audit log and the rules see them.</summary>
public sealed record Actor(string UserId, string Name, Guid? OrganisationId, bool IsPlatformAdmin = false)
{
    public static Actor System { get; } = new("system", "system", null, IsPlatformAdmin: true);
}
