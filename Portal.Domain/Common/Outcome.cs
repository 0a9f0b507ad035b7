namespace Portal.Domain.Common;

/// <summary>The result of a command a person asked for: done, or a kind of refusal with a message they can act on.</summary>
public sealed record Outcome(OutcomeKind Kind, string? Error)
{
    /// <summary>The one wording of "not found": the same whether the thing is missing or hidden from the actor.</summary>
    public const string NotFoundMessage = "Not found.";

    public bool Succeeded => Kind == OutcomeKind.Done;

    public static Outcome Ok { get; } = new(OutcomeKind.Done, null);
    public static Outcome NotFound(string message = NotFoundMessage) => new(OutcomeKind.NotFound, message);
    public static Outcome Forbidden(string message) => new(OutcomeKind.Forbidden, message);
    public static Outcome Blocked(string message) => new(OutcomeKind.Blocked, message);
    public static Outcome Invalid(string message) => new(OutcomeKind.Invalid, message);
    public static Outcome Conflict(string message) => new(OutcomeKind.Conflict, message);

    /// <summary>This refusal as the refusal of a command that would have returned a value.</summary>
    public Outcome<T> As<T>() => Succeeded
        ? throw new InvalidOperationException("Only a refusal carries over to another outcome type.")
        : new(Kind, Error, default);
}

/// <summary>An outcome that also carries a value when it succeeded.</summary>
public sealed record Outcome<T>(OutcomeKind Kind, string? Error, T? Value)
{
    public bool Succeeded => Kind == OutcomeKind.Done;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Done, null, value);
    public static Outcome<T> NotFound(string message = Outcome.NotFoundMessage) => new(OutcomeKind.NotFound, message, default);
    public static Outcome<T> Forbidden(string message) => new(OutcomeKind.Forbidden, message, default);
    public static Outcome<T> Blocked(string message) => new(OutcomeKind.Blocked, message, default);
    public static Outcome<T> Invalid(string message) => new(OutcomeKind.Invalid, message, default);
    public static Outcome<T> Conflict(string message) => new(OutcomeKind.Conflict, message, default);

    /// <summary>This outcome without its value: for a caller that only reports done or why not.</summary>
    public Outcome WithoutValue() => new(Kind, Error);

    /// <summary>This refusal as the refusal of a command with another value type.</summary>
    public Outcome<TOther> As<TOther>() => WithoutValue().As<TOther>();
}
