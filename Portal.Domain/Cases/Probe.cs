using Portal.Domain.Review;

namespace Portal.Domain.Cases;

/// <summary>One probe photo of a case, stored re-encoded under a random name, searched by one job.</summary>
public sealed class Probe
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid CaseId { get; init; }
    public Guid OrganisationId { get; init; }
    public required string DisplayName { get; init; }
    public required string StoredName { get; init; }
    public required string OriginalSha256 { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public DateTimeOffset UploadedAt { get; init; }
    public Guid JobId { get; set; }

    /// <summary>Set when the search finished: results are complete and may be shown.</summary>
    public DateTimeOffset? SearchedAt { get; set; }
}

/// <summary>A face found in a probe: searched when it passed quality, listed with its reasons when not.</summary>
public sealed class ProbeFace
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid ProbeId { get; init; }
    public int Ordinal { get; init; }
    public float X { get; init; }
    public float Y { get; init; }
    public float Width { get; init; }
    public float Height { get; init; }
    public float DetectionScore { get; init; }
    public bool PassedQuality { get; init; }
    public string QualityReasons { get; init; } = "";
}

public enum CandidateBand
{
    Possible,
    Strong,
}

/// <summary>A gallery face at or above the threshold for a probe face: a lead for two reviewers, never an identification.</summary>
public sealed class Candidate
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid ProbeFaceId { get; init; }
    public Guid ProbeId { get; init; }
    public Guid CaseId { get; init; }
    public Guid OrganisationId { get; init; }
    public Guid FaceId { get; init; }
    public Guid GalleryId { get; init; }
    public Guid ImageId { get; init; }
    public int Rank { get; init; }
    public float Similarity { get; init; }
    public CandidateBand Band { get; init; }

    /// <summary>When the search found it: the review queue takes the oldest first.</summary>
    public DateTimeOffset FoundAt { get; init; }

    public ReviewState ReviewState { get; set; } = ReviewState.Pending;

    /// <summary>Bumped by every decision; two reviewers deciding at once cannot both move the same state.</summary>
    public int ReviewVersion { get; set; }

    /// <summary>When the candidate was confirmed or rejected for good.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Strong when the similarity clears the threshold by a wide margin; otherwise possible.</summary>
    public static CandidateBand BandFor(float similarity, float threshold) =>
        similarity >= threshold + StrongMargin ? CandidateBand.Strong : CandidateBand.Possible;

    public const float StrongMargin = 0.15f;
}
