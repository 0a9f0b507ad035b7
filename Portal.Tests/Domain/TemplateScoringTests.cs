using Portal.Domain.Faces;

namespace Portal.Tests.Domain;

public sealed class TemplateScoringTests
{
    [Fact]
    public void TheMeanNormalisesEachPhotoBeforeAveragingAndAgainAfter()
    {
        // Lengths differ on purpose: a long vector must not outweigh a short one.
        var mean = TemplateScoring.Mean([[10f, 0f, 0f], [0f, 0.5f, 0f]]);

        var half = (float)Math.Sqrt(0.5);
        Assert.Equal([half, half, 0f], mean, new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void TheMeanScoresAFaceBetweenThePhotosWhereTheBestOfTakesTheClosestPhoto()
    {
        float[][] photos = [[1f, 0f, 0f], [0f, 1f, 0f]];
        float[] face = [0.6f, 0.8f, 0f];

        var mean = TemplateScoring.Score(TemplateMethod.MeanEmbedding, photos, face);
        var best = TemplateScoring.Score(TemplateMethod.BestOfPhotos, photos, face);

        Assert.Equal((0.6f + 0.8f) / (float)Math.Sqrt(2), mean, 5);
        Assert.Equal(0.8f, best, 5);
        Assert.Equal([0.6f, 0.8f], TemplateScoring.PerPhoto(photos, face), new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void AStrangerLikeOnePhotoOnlyScoresLowerByTheMeanThanByTheBestOf()
    {
        float[][] photos = [[1f, 0f, 0f], [0f, 1f, 0f]];
        float[] lookalikeOfTheFirstPhoto = [0.9f, -0.3f, 0.3f];

        var mean = TemplateScoring.Score(TemplateMethod.MeanEmbedding, photos, lookalikeOfTheFirstPhoto);
        var best = TemplateScoring.Score(TemplateMethod.BestOfPhotos, photos, lookalikeOfTheFirstPhoto);

        Assert.True(mean < best, $"mean {mean} should be below best-of {best}");
    }

    [Fact]
    public void TheChosenMethodIsTheMeasuredOne() => Assert.Equal(TemplateMethod.MeanEmbedding, TemplateScoring.Chosen);

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}
