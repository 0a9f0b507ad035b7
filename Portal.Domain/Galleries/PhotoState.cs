using Portal.Domain.Queue;

namespace Portal.Domain.Galleries;

/// <summary>Where a stored gallery photo stands, from its outcome and its indexing job taken together.</summary>
public enum PhotoStage
{
    Queued,
    Indexing,
    Held,
    Indexed,
    NoFace,
    BelowQuality,
    Failed,
}

/// <summary>
/// A stored photo's state in words: a short status and a sentence of detail. The upload list and the photo table
/// both read it from here, so they cannot tell two stories about one photo (issue 13, bug 3).
/// </summary>
public sealed record PhotoState(PhotoStage Stage, string Status, string Detail)
{
    public static PhotoState Of(ImageOutcome outcome, JobState? job, int indexedFaces, string? details) => outcome switch
    {
        ImageOutcome.Indexed => new(PhotoStage.Indexed, $"{PhotoStage.Indexed.Label()} with {Faces(indexedFaces)}",
            details is null ? "Searches can find it now." : $"Searches can find it now. Not indexed: {details}"),
        ImageOutcome.NoFace => new(PhotoStage.NoFace, PhotoStage.NoFace.Label(), "No face was found in this photo; searches cannot find it."),
        ImageOutcome.BelowQuality => new(PhotoStage.BelowQuality, PhotoStage.BelowQuality.Label(), $"Not indexed: {details ?? "no face was good enough."}"),
        ImageOutcome.Failed => new(PhotoStage.Failed, PhotoStage.Failed.Label(), details ?? JobFailures.GaveUp),
        // Still pending: the job says whether it is being worked on.
        _ => job switch
        {
            JobState.Running => new(PhotoStage.Indexing, PhotoStage.Indexing.Label(), "Looking for faces."),
            JobState.HeldByMoratorium => new(PhotoStage.Held, PhotoStage.Held.Label(), "Indexing waits while a moratorium applies; it resumes by itself."),
            _ => new(PhotoStage.Queued, PhotoStage.Queued.Label(), "Stored; queued for indexing."),
        },
    };

    /// <summary>A photo just stored, before its job was read back: what the uploader is told at once.</summary>
    public static PhotoState JustStored => Of(ImageOutcome.Pending, JobState.Queued, 0, null);

    private static string Faces(int count) => count == 1 ? "1 face" : $"{count} faces";
}
