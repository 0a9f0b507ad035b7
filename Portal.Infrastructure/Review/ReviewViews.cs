using Portal.Domain.Common;
using Portal.Domain.Cases;
using Portal.Domain.Organisations;
using Portal.Domain.Review;

namespace Portal.Infrastructure.Review;

/// <summary>A decision was recorded in an organisation (for live pages in this process).</summary>
public sealed record ReviewsChanged(Guid? OrganisationId);

public sealed record ReviewQueueFilter(Guid? CaseId = null, CandidateBand? Band = null)
{
    /// <summary>An undefined band (a tampered link or circuit event) is no filter, never a filter on nonsense.</summary>
    public CandidateBand? Band { get; init; } = Band is { } band && DefinedValues.IsDefined(band) ? band : null;
}

/// <summary>
/// A row of a reviewer's queue. Nothing in it says whether anyone has looked at the candidate before.
/// A template's candidate has <paramref name="Template"/>: then <paramref name="Similarity"/> is the template's score and
/// the probe is only the photo that scored highest on its own.
/// </summary>
/// <paramref name="AlsoFound"/> is set when the same gallery face is also a candidate elsewhere in the case.
/// <paramref name="ImageName"/> is the gallery photo's display name, as the review screen shows it: two same-face groups
/// from one gallery read alike without it.
public sealed record ReviewQueueItem(Guid CandidateId, Guid CaseId, string CaseReference, Purpose Purpose, string ProbeName, int FaceOrdinal,
    int Rank, float Similarity, CandidateBand Band, string GalleryName, string ImageName, DateTimeOffset FoundAt, Cases.CandidateTemplate? Template = null,
    AlsoFound? AlsoFound = null);

/// <summary>How many other findings of a gallery face its case has: by other probe faces, and by person templates.</summary>
public sealed record AlsoFound(int ProbeFaces, int Templates)
{
    public int Total => ProbeFaces + Templates;
}

/// <summary>
/// Another finding of the gallery face under review, in the same case: its own candidate with its own decision.
/// <paramref name="State"/> never tells an open finding's first verdict, nor whether there was one; for a closed finding it is
/// null (decided, outcome withheld) while the reviewer may still decide the candidate on screen. <paramref name="YouLooked"/>
/// says the reviewer themselves recorded a decision on it (so its review screen will not take another).
/// </summary>
public sealed record SameFaceFinding(Guid CandidateId, string ProbeName, int FaceOrdinal, int Rank, float Similarity, CandidateBand Band,
    ReviewState? State, bool YouLooked, Cases.CandidateTemplate? Template = null);

public sealed record ReviewQueuePage(IReadOnlyList<ReviewQueueItem> Items, int Total);

/// <summary>A case with candidates waiting for this reviewer, for the queue's case filter.</summary>
public sealed record WaitingCase(Guid CaseId, string Reference, int Waiting);

/// <summary>
/// What a reviewer sees on the review screen. Blind by construction: it holds nothing of any earlier decision
/// (not the verdict, not the note, not who made it, not even whether there was one).
/// A template's candidate has <paramref name="Template"/>: then <paramref name="Similarity"/> is the template's score and
/// the probe face is only the photo that scored highest on its own.
/// </summary>
public sealed record ReviewItem(Guid CandidateId, Guid ProbeFaceId, Guid FaceId, Guid CaseId, string CaseReference, Purpose Purpose,
    string ProbeName, int FaceOrdinal, int Rank, float Similarity, CandidateBand Band, float Threshold, string GalleryName,
    string ImageName, DateTimeOffset FoundAt, Cases.CandidateTemplate? Template = null);

/// <summary>A recorded decision, as shown once it may be shown (a closed or disputed candidate).</summary>
public sealed record DecisionView(string ReviewerName, ReviewVerdict Verdict, ReviewStage Stage, bool Counted, string Note, DateTimeOffset DecidedAt);

/// <summary>
/// The review standing of one candidate as its case's staff see it: decisions only once it is closed. <paramref name="State"/>
/// is null (decided, outcome withheld) for a closed candidate while the viewer, who also reviews, may yet decide another
/// finding of its gallery face in the case; to them an open one is always <see cref="ReviewState.Pending"/>.
/// </summary>
public sealed record CandidateReview(ReviewState? State, IReadOnlyList<DecisionView> Decisions)
{
    /// <summary>The words for a withheld outcome, wherever a case's candidate is shown.</summary>
    public const string OutcomeWithheld = "Decided (outcome withheld)";

    /// <summary>Why, beside it: what the viewer can do to see it.</summary>
    public const string OutcomeWithheldReason =
        "You may still review another finding of this gallery face in this case, so how this one was decided is shown once you have.";
}

/// <summary>A disputed candidate as a platform admin sees it: both decisions, to settle it.</summary>
public sealed record DisputedCandidate(Guid CandidateId, string Organisation, string CaseReference, Purpose Purpose, string ProbeName,
    int FaceOrdinal, float Similarity, CandidateBand Band, float Threshold, string GalleryName, string ImageName, IReadOnlyList<DecisionView> Decisions,
    string? Conflict = null);

/// <summary>A confirmed lead for export: the candidate, and the people who confirmed it with their notes.</summary>
public sealed record ConfirmedLead(string ProbeName, int FaceOrdinal, int Rank, float Similarity, CandidateBand Band, string GalleryName,
    string ImageName, DateTimeOffset? ConfirmedAt, IReadOnlyList<DecisionView> Decisions);

/// <summary>
/// The confirmed leads of a case as one person may export them. <paramref name="WithheldForReview"/> counts the decided
/// findings, whatever their outcome, of gallery faces the exporter may yet decide elsewhere in the case (a blind review):
/// the confirmed ones among them are left out, and the count must not tell how many those are.
/// </summary>
public sealed record LeadsExport(string CaseReference, Purpose Purpose, float Threshold, IReadOnlyList<ConfirmedLead> Leads, int WithheldForReview = 0)
{
    /// <summary>What the export says of its withheld leads; empty when there are none.</summary>
    public string WithheldNotice => WithheldForReview switch
    {
        0 => "",
        1 => "1 decided finding is left out, whatever its outcome: you may still review another finding of the same gallery face in this case. " +
             "If it is a confirmed lead, it is listed once you have.",
        var count => $"{count} decided findings are left out, whatever their outcome: you may still review other findings of the same gallery faces in this case. " +
                     "Those that are confirmed leads are listed once you have.",
    };
}
