using Portal.Domain.Common;
using Portal.Domain.Galleries;

namespace Portal.Infrastructure.Galleries;

public sealed record GallerySummary(Guid Id, string Name, string Description, string Source, string OwnerName, bool IsOwn,
    int Images, int IndexedFaces, int Pending, DateTimeOffset CreatedAt);

public sealed record GalleryImageView(Guid Id, string DisplayName, int Width, int Height, DateTimeOffset UploadedAt, string UploadedBy,
    ImageOutcome Outcome, int IndexedFaces, string? OutcomeDetails, Domain.Queue.JobState? JobState, int Progress)
{
    /// <summary>The photo's state in words: every place that shows this photo reads it from here.</summary>
    public PhotoState State => PhotoState.Of(Outcome, JobState, IndexedFaces, OutcomeDetails);
}

public sealed record NewGallery(string Name, string Description, string Source);

/// <summary>One uploaded file's fate, shown in the per-file progress list: done, or the kind of refusal and its message.</summary>
public sealed record UploadResult(string FileName, OutcomeKind Kind, string Message, Guid? ImageId)
{
    public bool Accepted => Kind == OutcomeKind.Done;
}
