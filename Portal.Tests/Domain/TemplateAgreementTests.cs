using Portal.Domain.Faces;

namespace Portal.Tests.Domain;

/// <summary>The check that a template's photos look like one person: each photo against the normalised mean of the others.</summary>
public sealed class TemplateAgreementTests
{
    [Fact]
    public void EachPhotoIsScoredAgainstTheMeanOfTheOthersNotOfAllPhotos()
    {
        float[][] photos = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

        // Against the mean of all three, each would score 1/sqrt(3) (0.577); against the others' mean it is 0.
        Assert.All(TemplateAgreement.LeaveOneOut(photos), score => Assert.Equal(0f, score, 1e-6f));
    }

    [Fact]
    public void TheWeakestPhotoBelowTheThresholdIsNamedAndAgreeingPhotosPass()
    {
        float[][] agreeing = [[1, 0.1f, 0], [1, 0, 0.1f], [1, 0.05f, 0.05f]];
        float[][] oneStranger = [[1, 0.1f, 0], [1, 0, 0.1f], [0, 1, 0.2f]];

        Assert.Null(TemplateAgreement.Disagreeing(agreeing, 0.9f));
        var disagreeing = TemplateAgreement.Disagreeing(oneStranger, 0.4f);
        Assert.NotNull(disagreeing);
        Assert.Equal(2, disagreeing.Value.Photo);
        Assert.True(disagreeing.Value.Score < 0.2f, $"{disagreeing.Value.Score}");
    }

    [Fact]
    public void AScoreExactlyAtTheThresholdAgrees()
    {
        float[][] pair = [[1, 0], [0.6f, 0.8f]];

        Assert.Null(TemplateAgreement.Disagreeing(pair, 0.6f));
        Assert.Equal(0.6f, TemplateAgreement.Disagreeing(pair, 0.61f)!.Value.Score, 1e-6f);
    }
}
