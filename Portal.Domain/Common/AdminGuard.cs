namespace Portal.Domain.Common;

/// <summary>
/// The one check for platform-admin work. Every admin service asks it before anything else, so a page opened
/// by someone whose role was since taken away, or a direct call, is refused the same way.
/// </summary>
public static class AdminGuard
{
    /// <summary>Null when <paramref name="actor"/> may do the work; otherwise the message to show them.</summary>
    /// <param name="work">What is refused, as a verb phrase: "change the moratorium schedule".</param>
    public static string? Refusal(Actor actor, string work) =>
        actor.IsPlatformAdmin ? null : $"Only platform admins {work}.";
}
