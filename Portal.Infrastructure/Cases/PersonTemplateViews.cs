using Portal.Domain.Queue;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// A person template of a case, its photos, its search's state and the candidates its organisation may see now;
/// <paramref name="Refusal"/> when its photos did not look like one person and it was not searched.
/// </summary>
/// <param name="WithheldCandidates">How many of its candidates are withheld (gallery owner suspended): counted, never shown.</param>
/// <param name="DissolvedAt">When a dissolved template was dissolved (its <see cref="Portal.Domain.Cases.DissolvedTemplate"/>, else the audit of it); null while live, or once that is no longer recorded.</param>
public sealed record TemplateView(Guid Id, string Label, bool Dissolved, JobState? State, DateTimeOffset? SearchedAt,
    IReadOnlyList<TemplatePhotoView> Photos, IReadOnlyList<TemplateCandidateView> Candidates, TemplateRefusalView? Refusal = null,
    int WithheldCandidates = 0, DateTimeOffset? DissolvedAt = null);

/// <summary>The photo that agreed least with the template's others, and its score against them (below the case's threshold).</summary>
public sealed record TemplateRefusalView(string ProbeName, float Score);

/// <summary>One photo of a template; in a photo of several faces, which one is the person (1-based, of <paramref name="FacesInPhoto"/>).</summary>
/// <param name="Face">Null when not known: a dissolved template's photo rows, which held the choice, are gone.</param>
public sealed record TemplatePhotoView(Guid ProbeId, string ProbeName, int? Face = null, int FacesInPhoto = 1)
{
    /// <summary>"group.jpg, face 2 of 3": staff see which face was searched, not only which photo.</summary>
    public string Description => Face is { } face && FacesInPhoto > 1 ? $"{ProbeName}, face {face} of {FacesInPhoto}" : ProbeName;
}

public sealed record TemplateCandidateView(CandidateView Candidate, IReadOnlyList<TemplateSupportView> Support);

/// <summary>How one photo of the template scored against the candidate on its own, and whether that alone reaches the threshold.</summary>
/// <param name="ProbeFaceId">The face of the photo that was searched, for its crop; null once the template no longer records it.</param>
public sealed record TemplateSupportView(Guid ProbeId, string ProbeName, float Similarity, bool AtOrAboveThreshold, Guid? ProbeFaceId = null);

/// <summary>
/// The template behind a template's candidate, for the review queue and screen: the candidate's score is the template's
/// (the similarity to the mean of its photos), so a reviewer also sees each photo's own score.
/// </summary>
public sealed record CandidateTemplate(string Label, IReadOnlyList<TemplateSupportView> Support)
{
    /// <summary>How many photos the template's score is the mean of: one support row was written per searched photo.</summary>
    public int PhotoCount => Support.Count;
}
