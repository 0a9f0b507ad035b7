using Portal.Domain.Queue;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// A person template of a case, its photos, its search's state and the candidates its organisation may see now;
/// <paramref name="Refusal"/> when its photos did not look like one person and it was not searched.
/// </summary>
public sealed record TemplateView(Guid Id, string Label, bool Dissolved, JobState? State, DateTimeOffset? SearchedAt,
    IReadOnlyList<TemplatePhotoView> Photos, IReadOnlyList<TemplateCandidateView> Candidates, TemplateRefusalView? Refusal = null);

/// <summary>The photo that agreed least with the template's others, and its score against them (below the case's threshold).</summary>
public sealed record TemplateRefusalView(string ProbeName, float Score);

public sealed record TemplatePhotoView(Guid ProbeId, string ProbeName);

public sealed record TemplateCandidateView(CandidateView Candidate, IReadOnlyList<TemplateSupportView> Support);

/// <summary>How one photo of the template scored against the candidate on its own, and whether that alone reaches the threshold.</summary>
public sealed record TemplateSupportView(Guid ProbeId, string ProbeName, float Similarity, bool AtOrAboveThreshold);
