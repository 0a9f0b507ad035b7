namespace Portal.Domain.Common;

/// <summary>The result of a command a person asked for: done, or a message they can act on.</summary>
public sealed record Outcome(bool Succeeded, string? Error)
{
    public static Outcome Ok { get; } = new(true, null);
    public static Outcome Fail(string error) => new(false, error);
}

/// <summary>An outcome that also carries a value when it succeeded.</summary>
public sealed record Outcome<T>(bool Succeeded, string? Error, T? Value)
{
    public static Outcome<T> Ok(T value) => new(true, null, value);
    public static Outcome<T> Fail(string error) => new(false, error, default);
}
