namespace Portal.Domain.Faces;

/// <summary>A removed face, logged so another process sharing the database drops it from its index too.</summary>
public sealed class FaceRemoval
{
    public long Id { get; set; }
    public Guid FaceId { get; init; }
}
