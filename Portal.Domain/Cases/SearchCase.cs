using Portal.Domain.Organisations;

namespace Portal.Domain.Cases;

/// <summary>A search for one missing person: a reference, a purpose, probe photos and the galleries to search.</summary>
public sealed class SearchCase
{
    public const int DefaultTopK = 10;
    public const int MaxTopK = 50;

    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrganisationId { get; init; }
    public required string Reference { get; init; }
    public Purpose Purpose { get; init; }
    public string Notes { get; init; } = "";
    public int TopK { get; init; } = DefaultTopK;

    /// <summary>The similarity threshold in force when the case was submitted; kept so results can be explained later.</summary>
    public float Threshold { get; init; }

    public required string CreatedBy { get; init; }
    public string CreatedByName { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public List<CaseGallery> Galleries { get; init; } = [];
}

public sealed class CaseGallery
{
    public Guid CaseId { get; init; }
    public Guid GalleryId { get; init; }
}
