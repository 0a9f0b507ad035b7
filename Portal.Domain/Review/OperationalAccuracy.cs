using Portal.Domain.Organisations;

namespace Portal.Domain.Review;

/// <summary>
/// A candidate that reached its second review: its score, its organisation's sector, where it stands now, and whether
/// the two reviewers agreed. Settled disputes count as confirmed or rejected by the admin's decision, and as a disagreement.
/// </summary>
public sealed record ReviewedCandidate(float Score, Sector Sector, ReviewState State, bool ReviewersDisagreed);

/// <summary>Counts for one band or one sector: confirmed, rejected, disputed (awaiting an admin) and how often the reviewers disagreed.</summary>
public sealed record AccuracyRow(string Label, int Confirmed, int Rejected, int Disputed, int SecondReviews, int Disagreements)
{
    public ConfirmationRate Rate => new(Confirmed, Rejected);

    /// <summary>Null when there was no second review: no rate rather than 0.</summary>
    public double? DisagreementRate => SecondReviews == 0 ? null : (double)Disagreements / SecondReviews;

    public (double Low, double High)? DisagreementInterval => ConfirmationRate.Wilson(Disagreements, SecondReviews);
}

/// <summary>The operational accuracy figures: per score band, per sector and overall.</summary>
public sealed record OperationalAccuracyReport(IReadOnlyList<AccuracyRow> Bands, IReadOnlyList<AccuracyRow> Sectors, AccuracyRow Overall)
{
    /// <summary>Pure arithmetic over the reviewed candidates, so a test can check it against figures worked out by hand.</summary>
    public static OperationalAccuracyReport From(IReadOnlyCollection<ReviewedCandidate> reviewed)
    {
        var bands = ScoreBands.All.Select((band, i) => Row(band.Label, reviewed.Where(c => ScoreBands.IndexOf(c.Score) == i))).ToList();
        var sectors = Organisations.Sectors.All.Select(s => Row(s.Label(), reviewed.Where(c => c.Sector == s))).ToList();
        return new OperationalAccuracyReport(bands, sectors, Row("All sectors", reviewed));
    }

    private static AccuracyRow Row(string label, IEnumerable<ReviewedCandidate> candidates)
    {
        var list = candidates.ToList();
        return new AccuracyRow(label,
            list.Count(c => c.State == ReviewState.Confirmed),
            list.Count(c => c.State == ReviewState.Rejected),
            list.Count(c => c.State == ReviewState.Disputed),
            list.Count,
            list.Count(c => c.ReviewersDisagreed));
    }
}
