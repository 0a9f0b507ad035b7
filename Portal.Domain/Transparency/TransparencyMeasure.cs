using Portal.Domain.Cases;
using Portal.Domain.Lifecycle;

namespace Portal.Domain.Transparency;

/// <summary>One figure of the transparency report, as named in its downloads (<see cref="Key"/>) and on its page.</summary>
public sealed record TransparencyMeasure(string Key, string Label, string Section, bool IsMedian = false);

/// <summary>Every figure the report publishes per quarter and sector, in the order the page and the downloads list them.</summary>
public static class TransparencyMeasures
{
    public const string Organisations = "Organisations";
    public const string Cases = "Cases";
    public const string Searches = "Searches and review";
    public const string Refusals = "Refusals";
    public const string Erasures = "Erasures";

    public static readonly TransparencyMeasure Approved = new("organisations-approved", "Organisations approved", Organisations);
    public static readonly TransparencyMeasure Suspended = new("organisations-suspended", "Organisations suspended", Organisations);
    public static readonly TransparencyMeasure Rejected = new("organisations-rejected", "Applications rejected", Organisations);
    public static readonly TransparencyMeasure CasesOpened = new("cases-opened", "Cases opened", Cases);
    public static readonly TransparencyMeasure ProbesSearched = new("probes-searched", "Probe photos searched", Searches);
    public static readonly TransparencyMeasure CandidatesProduced = new("candidates-produced", "Candidates produced", Searches);
    public static readonly TransparencyMeasure CandidatesConfirmed = new("candidates-confirmed", "Candidates confirmed by review", Searches);
    public static readonly TransparencyMeasure CandidatesRejected = new("candidates-rejected", "Candidates rejected by review", Searches);
    public static readonly TransparencyMeasure CandidatesDisputed = new("candidates-disputed", "Candidates disputed (the two reviewers differed)", Searches);
    public static readonly TransparencyMeasure MedianHoursToSecondReview =
        new("median-hours-to-second-review", "Median hours from candidate to second review", Searches, IsMedian: true);
    public static readonly TransparencyMeasure RefusedByMoratorium = new("refusals-moratorium", "Refused: sector under moratorium", Refusals);
    public static readonly TransparencyMeasure RefusedBySuspension = new("refusals-suspension", "Refused: organisation suspended", Refusals);

    /// <summary>Cases closed, one measure per outcome.</summary>
    public static TransparencyMeasure CasesClosed(CaseOutcome outcome) =>
        new($"cases-closed-{Kebab(outcome.ToString())}", $"Cases closed: {outcome.Label()}", Cases);

    /// <summary>Completed erasures, one measure per cause (the retention schedule's and the trash's are purges).</summary>
    public static TransparencyMeasure Erased(ErasureCause cause) =>
        new($"erasures-{Kebab(cause.ToString())}", $"Erasures: {cause.Label()}", Erasures);

    public static IReadOnlyList<TransparencyMeasure> All { get; } =
    [
        Approved, Suspended, Rejected, CasesOpened,
        .. Enum.GetValues<CaseOutcome>().Select(CasesClosed),
        ProbesSearched, CandidatesProduced, CandidatesConfirmed, CandidatesRejected, CandidatesDisputed, MedianHoursToSecondReview,
        RefusedByMoratorium, RefusedBySuspension,
        .. Enum.GetValues<ErasureCause>().Select(Erased),
    ];

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
