namespace Portal.Domain.Cases;

/// <summary>
/// Two or more probe photos of one case marked as the same person and searched as one template (issue 18, point 5),
/// by <see cref="Faces.TemplateScoring.Chosen"/>. Its embeddings are never stored: the search re-analyses the photos.
/// </summary>
public sealed class PersonTemplate
{
    public const int MinPhotos = 2;
    public const int MaxLabelLength = 100;

    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid CaseId { get; init; }
    public Guid OrganisationId { get; init; }

    /// <summary>The name the staff member chose ("mother's photos"); erased with the case's other text.</summary>
    public required string Label { get; set; }

    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid JobId { get; set; }

    /// <summary>As <see cref="Probe.FaceChangePosition"/>: the search waits until its replica has applied it.</summary>
    public long FaceChangePosition { get; set; }

    /// <summary>Set when the search finished: results are complete and may be shown.</summary>
    public DateTimeOffset? SearchedAt { get; set; }

    /// <summary>
    /// Set instead of <see cref="SearchedAt"/> when the photos did not look like one person
    /// (<see cref="Faces.TemplateAgreement"/>): nothing was searched. Staff dissolve the template and mark again.
    /// </summary>
    public DateTimeOffset? RefusedAt { get; set; }

    /// <summary>The photo that agreed least with the others (the one the case page names), when refused.</summary>
    public Guid? RefusedProbeId { get; set; }

    /// <summary>That photo's cosine similarity to the normalised mean of the others, below the case's threshold.</summary>
    public float? RefusedScore { get; set; }

    public List<PersonTemplatePhoto> Photos { get; init; } = [];

    /// <summary>Why <paramref name="label"/> cannot be a template's label (judged trimmed), or null when it can.</summary>
    public static string? LabelProblem(string? label) =>
        string.IsNullOrWhiteSpace(label) || label.Trim().Length > MaxLabelLength
            ? $"Give the person a label of at most {MaxLabelLength} characters."
            : null;
}

/// <summary>One photo of a template: the probe and which of its faces is the person.</summary>
public sealed class PersonTemplatePhoto
{
    public Guid TemplateId { get; init; }
    public Guid ProbeId { get; init; }
    public Guid ProbeFaceId { get; init; }
}

/// <summary>How one photo of a template scored against a template's candidate: the reviewers see which photos support it.</summary>
public sealed class CandidateSupport
{
    public Guid CandidateId { get; init; }
    public Guid ProbeId { get; init; }
    public float Similarity { get; init; }

    /// <summary>At or above the case's threshold on its own.</summary>
    public bool AtOrAboveThreshold { get; init; }
}
