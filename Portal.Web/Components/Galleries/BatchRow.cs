using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Infrastructure.Galleries;

namespace Portal.Web.Components.Galleries;

/// <summary>One file of the current upload, followed from upload to its indexing outcome.</summary>
public sealed class BatchRow(string fileName)
{
    public string FileName { get; set; } = fileName;
    public bool Uploading { get; set; } = true;
    public bool Rejected { get; set; }
    public string Message { get; set; } = "Uploading…";
    public Guid? ImageId { get; set; }

    /// <summary>Whether the gallery's list has shown this image yet: only then does its absence mean it was deleted.</summary>
    private bool _listed;

    /// <summary>The row's status in words, from the image's current state once it is stored.</summary>
    public (string Status, MudBlazor.Color Color, int? Progress) Describe(IReadOnlyDictionary<Guid, GalleryImageView> images)
    {
        if (Uploading)
            return ("Uploading", MudBlazor.Color.Default, null);
        if (Rejected || ImageId is not { } id)
            return ("Rejected", MudBlazor.Color.Error, null);
        if (!images.TryGetValue(id, out var image))
            // Just stored, and the list has not been read again since: it is waiting for indexing, not gone.
            return _listed ? ("Deleted", MudBlazor.Color.Default, null) : ("Queued", MudBlazor.Color.Default, null);
        _listed = true;
        return image.Outcome switch
        {
            ImageOutcome.Indexed => ($"Indexed with {image.IndexedFaces} face(s)", MudBlazor.Color.Success, null),
            ImageOutcome.NoFace => ("No face", MudBlazor.Color.Warning, null),
            ImageOutcome.BelowQuality => ("Faces below quality", MudBlazor.Color.Warning, null),
            ImageOutcome.Failed => ("Failed", MudBlazor.Color.Error, null),
            _ when image.JobState == JobState.Running => ("Indexing", MudBlazor.Color.Info, image.Progress),
            _ when image.JobState == JobState.HeldByMoratorium => ("Held by moratorium", MudBlazor.Color.Warning, null),
            _ => ("Queued", MudBlazor.Color.Default, null),
        };
    }
}
