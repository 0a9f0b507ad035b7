namespace Portal.Domain.Auditing;

/// <summary>
/// Audits what visitors who are not signed in do. Their events are counted per address, kind and window and
/// written as one entry each, so nobody can grow the audit log (or queue up its single writer) at will.
/// </summary>
public interface IAnonymousAudit
{
    void Note(AnonymousEvent anonymousEvent);
}

/// <summary>
/// One anonymous event. <paramref name="What"/> names the events in the plural ("sign-in posts refused by the
/// rate limit") and must come from code, never from the request: it is part of the counting key.
/// <paramref name="Sample"/> is an optional example of what was sent (a name tried); only the first is kept.
/// </summary>
public sealed record AnonymousEvent(string Action, string Target, string Address, string What, string? Sample = null);
