using Portal.Domain.Common;
using Portal.Domain.Review;

namespace Portal.Domain.Cases;

public enum CandidateBand
{
    Possible,
    Strong,
}

/// <summary>A gallery face at or above the threshold for a probe face: a lead for two reviewers, never an identification.</summary>
public sealed class Candidate
{
    public Guid Id { get; init; } = Guid.NewGuid();
    /// <summary>For a template's candidate, the face of the template photo that scored highest (its crop is shown).</summary>
    public Guid ProbeFaceId { get; init; }

    /// <summary>Set when the candidate came from a person template's search; its photos' scores are <see cref="CandidateSupport"/> rows.</summary>
    public Guid? TemplateId { get; init; }
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

    /// <summary>Moved only by <see cref="Review"/> and <see cref="Settle"/>, so no caller can skip the two-person rule.</summary>
    public ReviewState ReviewState { get; private set; } = ReviewState.Pending;

    /// <summary>Bumped by every decision; two reviewers deciding at once cannot both move the same state.</summary>
    public int ReviewVersion { get; private set; }

    /// <summary>When the candidate was confirmed or rejected for good.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>Strong when the similarity clears the threshold by a wide margin; otherwise possible.</summary>
    public static CandidateBand BandFor(float similarity, float threshold) =>
        similarity >= threshold + StrongMargin ? CandidateBand.Strong : CandidateBand.Possible;

    public const float StrongMargin = 0.15f;

    /// <summary>A reviewer's decision under <see cref="TwoPersonRule.Review"/>; on a refusal nothing changes.</summary>
    public Outcome<ReviewTransition> Review(IReadOnlyCollection<ReviewDecision> earlier, ReviewRequest request, DateTimeOffset now) =>
        Move(TwoPersonRule.Review(ReviewState, earlier, request), now);

    /// <summary>A platform admin's decision on a disputed candidate under <see cref="TwoPersonRule.Settle"/>.</summary>
    public Outcome<ReviewTransition> Settle(ReviewVerdict verdict, string? note, DateTimeOffset now) =>
        Move(TwoPersonRule.Settle(ReviewState, verdict, note), now);

    private Outcome<ReviewTransition> Move(Outcome<ReviewTransition> transition, DateTimeOffset now)
    {
        if (!transition.Succeeded)
            return transition;
        ReviewState = transition.Value!.NextState;
        ReviewVersion++;
        if (TwoPersonRule.IsFinal(ReviewState))
            ClosedAt = now;
        return transition;
    }
}
