namespace Portal.Domain.Common;

/// <summary>
/// What an <see cref="Outcome"/> says: done, or why not. Web maps each kind once (a status code for an endpoint, a
/// message or the not-found page for a page), so a refusal never has to be recognised by its wording.
/// </summary>
public enum OutcomeKind
{
    Done,
    /// <summary>There is no such thing — or the actor may not learn whether there is (a cross-organisation id).</summary>
    NotFound,
    /// <summary>The actor's role or organisation may not do this.</summary>
    Forbidden,
    /// <summary>A moratorium or the organisation's standing (a suspension) stops it for now.</summary>
    Blocked,
    /// <summary>The input is wrong; the message says how to put it right.</summary>
    Invalid,
    /// <summary>The state moved on (already decided, already revoked, already finished).</summary>
    Conflict,
}

public static class OutcomeKinds
{
    /// <summary>The kind in words, for a person reading a log or a report.</summary>
    public static string Label(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Done => "Done",
        OutcomeKind.NotFound => "Not found",
        OutcomeKind.Forbidden => "Not allowed",
        OutcomeKind.Blocked => "Blocked for now",
        OutcomeKind.Invalid => "Not valid",
        OutcomeKind.Conflict => "Already changed",
        _ => kind.ToString(),
    };
}
