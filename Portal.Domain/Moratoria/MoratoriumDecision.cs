namespace Portal.Domain.Moratoria;

/// <summary>Whether an organisation may search at an instant, and if not, which moratoria block it until when.</summary>
public sealed record MoratoriumDecision(IReadOnlyList<MoratoriumBlock> Blocks)
{
    public static MoratoriumDecision Allowed { get; } = new([]);

    public bool IsBlocked => Blocks.Count > 0;

    /// <summary>When the last of the current blocks ends; null while any is "until further notice" (or none blocks).</summary>
    public DateTimeOffset? BlockedUntil =>
        !IsBlocked || Blocks.Any(b => b.EndsAt is null) ? null : Blocks.Max(b => b.EndsAt);

    public bool BlockedUntilFurtherNotice => Blocks.Any(b => b.EndsAt is null);

    /// <summary>The sentence a banner and an audit entry use.</summary>
    public string Describe() => !IsBlocked ? "allowed"
        : string.Join("; ", Blocks.Select(b => $"\"{b.Title}\" {(b.EndsAt is { } end ? $"until {end.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "until further notice")}"));
}

public sealed record MoratoriumBlock(Guid MoratoriumId, string Title, DateTimeOffset? EndsAt);
