using MudBlazor;
using Portal.Domain.Galleries;

namespace Portal.Web.Components.Galleries;

/// <summary>One colour per photo stage, so the upload list and the photo table colour a photo alike.</summary>
public static class PhotoStageColor
{
    public static Color Of(PhotoStage stage) => stage switch
    {
        PhotoStage.Indexed => Color.Success,
        PhotoStage.Indexing => Color.Info,
        PhotoStage.Failed => Color.Error,
        PhotoStage.NoFace or PhotoStage.BelowQuality or PhotoStage.Held => Color.Warning,
        _ => Color.Default,
    };
}
