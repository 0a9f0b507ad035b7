using System.Text.Json.Nodes;
using Portal.Domain.Accuracy;
using Portal.Infrastructure.Accountability;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Accountability;

/// <summary>
/// What the public pages publish of a report scored as the runner scores it: never one person's false non-match rate,
/// never a column's value that the overall figures minus the values shown would give away, and old reports still read.
/// </summary>
public sealed class PublishedTestTests
{
    private static readonly DateTimeOffset CompletedAt = new(2026, 6, 20, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Scores labelled photos with one-hot embeddings per identity: every genuine pair matches (1), no impostor pair does (0).</summary>
    private static EvaluationReport Scored(params (string Identity, string Sex, int Photos)[] people)
    {
        var identities = people.Select(p => p.Identity).Distinct().ToList();
        var photos = people.SelectMany(p => Enumerable.Range(1, p.Photos).Select(n =>
            new LabelledPhoto($"{p.Identity}-{n}.jpg", p.Identity, new Dictionary<string, string> { ["sex"] = p.Sex }))).ToList();
        var readings = photos.ToDictionary(p => p.File, p =>
        {
            var embedding = new float[identities.Count];
            embedding[identities.IndexOf(p.Identity)] = 1;
            return new PhotoReading(p.File, embedding, null);
        });
        return EvaluationScoring.Report(new LabelsCsv(["sex"], photos), readings, 0.40f, FacePipelineVersion.Current);
    }

    private static PublishedTest Published(EvaluationReport report) => PublishedTest.From(new LatestEvaluation(CompletedAt, report))!;

    private static IEnumerable<(string, string, int)> People(string prefix, string sex, int count, int photosEach) =>
        Enumerable.Range(1, count).Select(i => ($"{prefix}{i}", sex, photosEach));

    [Fact]
    public void OnePersonsGenuinePairsAmongEightPeopleWithOnePhotoPublishNoFalseNonMatchRate()
    {
        // Women: ann with 4 photos and 8 women with one photo each, so all 6 genuine pairs are ann's; men: 6 with two photos each.
        var report = Scored([("ann", "f", 4), .. People("f", "f", 8, 1), .. People("m", "m", 6, 2)]);
        var women = report.Groups.Single(g => g.Value == "f");
        Assert.Equal((6, 9, 1), (women.GenuinePairs, women.People, women.GenuinePeople)); // the pair bound alone would allow 6 people

        var test = Published(report);

        var shown = test.Groups.Single(g => g.Label == "sex = f");
        Assert.Null(shown.FalseNonMatch);
        Assert.Null(shown.GenuinePairs);
        Assert.NotNull(shown.FalseMatch);
        // The men's false non-match rate is withheld too: with the overall one it would give the women's away.
        Assert.Null(test.Groups.Single(g => g.Label == "sex = m").FalseNonMatch);
        Assert.Equal("sex: false non-match rates not shown, a value has fewer than 5 people with two or more usable photos", Assert.Single(test.Withheld).Text);
        Assert.NotNull(test.Overall.FalseNonMatch); // 7 people with two or more photos in all
        Assert.Equal("not shown", PublishedTest.Text(shown.FalseNonMatch));
    }

    [Fact]
    public void AColumnWithOneValueOfFewerThanFivePeopleIsWithheldWholeAndSaidInWords()
    {
        var report = Scored([.. People("f", "f", 5, 2), .. People("m", "m", 1, 2)]);

        var test = Published(report);

        Assert.Empty(test.Groups);
        Assert.Equal("sex: not shown, a value has fewer than 5 people", Assert.Single(test.Withheld).Text);
        Assert.NotNull(test.Overall.FalseNonMatch);
    }

    [Fact]
    public void AColumnWhoseValuesAllHaveFivePeopleWithGenuinePairsIsShownWhole()
    {
        var test = Published(Scored([.. People("f", "f", 5, 2), .. People("m", "m", 5, 3)]));

        Assert.Equal(["sex = f", "sex = m"], test.Groups.Select(g => g.Label));
        Assert.All(test.Groups, g => Assert.NotNull(g.FalseNonMatch));
        Assert.Empty(test.Withheld);
    }

    [Fact]
    public void AReportStoredBeforePeopleWereCountedIsReadWithTheBoundAndNoFalseNonMatchRate()
    {
        var json = JsonNode.Parse(Scored([.. People("f", "f", 5, 2), .. People("m", "m", 5, 2)]).ToJson())!;
        foreach (var set in json["sets"]!.AsArray())
        {
            set!.AsObject().Remove("people");
            set.AsObject().Remove("genuinePeople");
        }

        var old = EvaluationReport.FromJson(json.ToJsonString());
        var test = Published(old);

        Assert.Null(old.Overall.People);
        Assert.Equal(["sex = f", "sex = m"], test.Groups.Select(g => g.Label)); // 5 people each by the bound
        Assert.All(test.Groups.Append(test.Overall), g => Assert.Null(g.FalseNonMatch));
        Assert.All(test.Groups.Append(test.Overall), g => Assert.NotNull(g.FalseMatch));
        Assert.Contains(test.Withheld, w => w.Text == "sex: false non-match rate not shown, this report did not count the people with two or more photos");
    }
}
