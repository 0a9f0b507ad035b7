namespace Portal.Infrastructure.Lifecycle;

/// <summary>What can be moved to the trash.</summary>
public enum TrashKind
{
    Gallery,
    Photo,
    Case,
}

/// <summary>
/// What a deletion would take, asked before it happens: the photos and faces (of a gallery or photo) or the probe photos and
/// their faces (of a case), and when it would be deleted for good if nobody restores it.
/// </summary>
public sealed record TrashCounts(TrashKind Kind, int Photos, int Faces, DateTimeOffset DeletedForGoodAt);

/// <summary>One item in an organisation's trash, for its admins.</summary>
/// <param name="What">The gallery's name, the photo's file name or the case's reference: shown to the organisation's admins only, never audited.</param>
public sealed record TrashItem(TrashKind Kind, Guid Id, string What, int Photos, int Faces, string TrashedBy, DateTimeOffset TrashedAt,
    DateTimeOffset DeletedForGoodAt, bool Restorable);
