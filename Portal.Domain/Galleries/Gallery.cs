namespace Portal.Domain.Galleries;

/// <summary>A collection of photos an organisation may search, e.g. "Reunification centre intake".</summary>
public sealed class Gallery
{
    public const int MinNameLength = 2;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxSourceLength = 300;

    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrganisationId { get; init; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";

    /// <summary>Where the photos come from, e.g. "Online ads, June 2020".</summary>
    public string Source { get; set; } = "";

    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The gallery's own, shorter retention period for its photos, in days; null follows the organisation's.</summary>
    public int? RetentionDays { get; set; }

    public DateTimeOffset? TrashedAt { get; set; }

    /// <summary>The id of the user who moved the gallery to the trash.</summary>
    public string? TrashedBy { get; set; }

    /// <summary>Why <paramref name="name"/> cannot name a gallery (it is judged trimmed, as it is stored), or null when it can.</summary>
    public static string? NameProblem(string? name) =>
        (name?.Trim().Length ?? 0) is < MinNameLength or > MaxNameLength
            ? $"Give the gallery a name of {MinNameLength} to {MaxNameLength} characters."
            : null;

    /// <summary>Why a description or a source is too long to keep (judged trimmed, as stored), or null when both fit.</summary>
    public static string? DetailsProblem(string? description, string? source) =>
        (description?.Trim().Length ?? 0) > MaxDescriptionLength ? $"Keep the gallery's description to at most {MaxDescriptionLength} characters."
        : (source?.Trim().Length ?? 0) > MaxSourceLength ? $"Keep the gallery's source to at most {MaxSourceLength} characters."
        : null;
}

/// <summary>A gallery an admin shared, read-only, with another approved organisation.</summary>
public sealed class GalleryShare
{
    public Guid GalleryId { get; init; }
    public Guid OrganisationId { get; init; }
    public required string SharedBy { get; init; }
    public DateTimeOffset SharedAt { get; init; }
}
