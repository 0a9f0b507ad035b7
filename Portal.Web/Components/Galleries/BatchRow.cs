using Portal.Domain.Galleries;
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

    /// <summary>
    /// The row's status and detail in words. Once the photo is stored both come from its current state
    /// (<see cref="PhotoState"/>), never from the upload's first message, which goes stale as indexing proceeds.
    /// </summary>
    public (string Status, MudBlazor.Color Color, int? Progress, string Detail) Describe(IReadOnlyDictionary<Guid, GalleryImageView> images)
    {
        if (Uploading)
            return ("Uploading", MudBlazor.Color.Default, null, Message);
        if (Rejected || ImageId is not { } id)
            return ("Rejected", MudBlazor.Color.Error, null, Message);
        if (!images.TryGetValue(id, out var image))
            // Just stored, and the list has not been read again since: it is waiting for indexing, not gone.
            return _listed ? ("Deleted", MudBlazor.Color.Default, null, "Deleted from the gallery.") : Show(PhotoState.JustStored, null);
        _listed = true;
        var state = image.State;
        return Show(state, state.Stage == PhotoStage.Indexing ? image.Progress : null);
    }

    private static (string, MudBlazor.Color, int?, string) Show(PhotoState state, int? progress) =>
        (state.Status, PhotoStageColor.Of(state.Stage), progress, state.Detail);
}
