using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Review;

namespace Portal.Infrastructure.Cases;

public sealed record NewCase(string Reference, Purpose Purpose, string Notes, IReadOnlyList<Guid> Galleries, int TopK);

/// <summary>A probe photo as submitted with a case, before it is stored.</summary>
public sealed record ProbeUpload(string FileName, long? DeclaredBytes, Func<Stream> Open);

/// <summary>
/// A submitted case: the new case's id, or the kind of refusal and its message; and each probe photo's fate, which is
/// reported even when the case is refused because none of the photos could be used.
/// </summary>
public sealed record CaseSubmission(Outcome<Guid> Case, IReadOnlyList<ProbeUploadResult> Probes)
{
    /// <summary>The new case's id when the case was stored.</summary>
    public Guid? CaseId => Case.Succeeded ? Case.Value : null;
}

/// <summary>One probe photo's fate: stored, or the kind of refusal and its message (as <c>UploadResult</c> for galleries).</summary>
public sealed record ProbeUploadResult(string FileName, OutcomeKind Kind, string Message)
{
    public bool Accepted => Kind == OutcomeKind.Done;
}

/// <summary>What the submitter sees of a probe's work: its state, place in the queue, progress or error.</summary>
/// <summary>A probe photo's search as the case page lists it; <paramref name="FacesFound"/> and <paramref name="FacesSearched"/> once it was searched.</summary>
public sealed record ProbeStatus(Guid ProbeId, string DisplayName, JobState State, int Progress, int? QueuePosition, string? Error, string? HeldReason, DateTimeOffset? SearchedAt,
    int? FacesFound = null, int? FacesSearched = null);

public sealed record CaseSummary(Guid Id, string Reference, Purpose Purpose, DateTimeOffset CreatedAt, string CreatedBy,
    int Probes, int Done, int Waiting, int Failed, int Held, int Candidates, CaseState State = CaseState.Open, CaseOutcome? Outcome = null);

public sealed record CaseDetails(Guid Id, string Reference, Purpose Purpose, string Notes, int TopK, float Threshold, string CreatedBy,
    DateTimeOffset CreatedAt, IReadOnlyList<string> Galleries, IReadOnlyList<ProbeStatus> Probes, CaseLifecycle? Lifecycle = null);

/// <summary>Where a case is in its lifecycle, as its list and page show it.</summary>
public enum CaseState
{
    Open,
    Closed,
    Purged,
    Trashed,
}

/// <summary>
/// A case's lifecycle for its page: closed how and when, when its probe data is due for deletion (<see cref="Retention"/>,
/// from the one computation in <see cref="Lifecycle.RetentionDates"/>), or when it was purged or moved to the trash.
/// </summary>
public sealed record CaseLifecycle(CaseState State, CaseOutcome? Outcome, DateTimeOffset? ClosedAt, CaseRetention Retention,
    DateTimeOffset? PurgedAt, DateTimeOffset? DeletedForGoodAt, string ClosureNote = "")
{
    public static CaseState StateOf(SearchCase searchCase) =>
        searchCase.PurgedAt is not null ? CaseState.Purged
        : searchCase.TrashedAt is not null ? CaseState.Trashed
        : searchCase.ClosedAt is not null ? CaseState.Closed
        : CaseState.Open;
}

/// <summary>
/// A probe face and the candidates its organisation may see now. <see cref="WithheldCandidates"/> counts the others: found in a
/// gallery whose owner is suspended, they are shown again on reinstatement. <see cref="ProbeName"/> is the probe photo's file
/// name, as the probe list shows it, so one probe's "no candidate" is never read as another's. <see cref="DeletedCandidates"/>
/// counts candidates whose gallery photo was deleted (in the trash or for good) after the search found it.
/// </summary>
public sealed record ProbeFaceResult(Guid ProbeFaceId, Guid ProbeId, int Ordinal, bool PassedQuality, string QualityReasons, IReadOnlyList<CandidateView> Candidates,
    int WithheldCandidates = 0, string ProbeName = "", int DeletedCandidates = 0);

public sealed record CandidateView(Guid Id, int Rank, float Similarity, CandidateBand Band, Guid FaceId, string GalleryName, string ImageName, Guid ImageId,
    CandidateReview Review);
