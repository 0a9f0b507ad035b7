using Portal.Domain.Lifecycle;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>What an erasure destroys, as the deletion log records it for a restore to destroy again.</summary>
internal static class ErasureLogEntry
{
    public static DeletionRecord Of(ErasureRecord record, ErasureTarget target) => new()
    {
        Cause = $"erasure:{record.Id} ({record.Cause})",
        StoredNames = target.StoredNames,
        CropIds = target.CropFaceIds,
        // A case's crops are its probe faces', which are no gallery faces; the other scopes' crops are named by their face.
        FaceIds = record.Scope == ErasureScope.Case ? [] : target.CropFaceIds,
        ImageIds = record.Scope switch
        {
            ErasureScope.Photo => [record.ScopeId],
            ErasureScope.RequestPhotos => target.ImageIds,
            _ => [],
        },
        GalleryIds = record.Scope == ErasureScope.Gallery ? [record.ScopeId] : [],
        CaseIds = record.Scope == ErasureScope.Case ? [record.ScopeId] : [],
    };
}
