namespace Portal.Infrastructure.Identity;

/// <summary>
/// Published when open sessions must end (a security stamp renewed), so circuits revalidate at once instead of at
/// their next revalidation. Names whole organisations, single accounts, or (after lost messages) everyone.
/// </summary>
public sealed record SessionsEnded(IReadOnlyList<Guid> OrganisationIds, IReadOnlyList<string> UserIds, bool Anyone = false)
{
    /// <summary>Every open session re-checks its stamp.</summary>
    public static SessionsEnded Everyone { get; } = new([], [], Anyone: true);

    public static SessionsEnded OfUser(string userId) => new([], [userId]);

    public bool Concerns(string? userId, Guid? organisationId) =>
        Anyone || (userId is not null && UserIds.Contains(userId)) || (organisationId is { } id && OrganisationIds.Contains(id));
}
