using Portal.Infrastructure.Face;
using Portal.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// Analysis is asked for with a pipeline version, so every embedding is computed by the version it is labelled with
/// (issue 18, point 2): version 1 repeats the photo's edge pixel where the alignment template reaches past the photo,
/// version 2 mirrors it; nothing else differs, and a version this build does not compute is refused.
/// </summary>
[Collection(FaceEngineCollection.Name)]
public sealed class PipelineVersionParameterTests(FaceEngineFixture engine)
{
    [FaceFact]
    public async Task ATightStillAnalysedWithVersionsOneAndTwoHasTheSameFacesAndDifferentEmbeddings()
    {
        using var image = await Image.LoadAsync<Rgb24>(SharedFaces.File("people/amy/amy1.png"));

        var both = engine.Pipeline.Analyze(image, [FacePipelineVersion.RepeatedEdge, FacePipelineVersion.MirroredEdge], out _);
        var one = engine.Pipeline.Analyze(image, FacePipelineVersion.RepeatedEdge, out _);
        var two = engine.Pipeline.Analyze(image, FacePipelineVersion.MirroredEdge, out _);

        // Detection and landmarks are shared: the same boxes and points, in the same order.
        Assert.Equal(one.Faces.Select(f => (f.Box, f.Landmarks.Count)), two.Faces.Select(f => (f.Box, f.Landmarks.Count)));
        Assert.Equal(one.Faces.SelectMany(f => f.Landmarks), two.Faces.SelectMany(f => f.Landmarks));
        var (v1, v2) = (one.Faces.First(f => f.Quality.Passed).Embedding!, two.Faces.First(f => f.Quality.Passed).Embedding!);
        var cosine = FaceEngineFixture.Cosine(v1, v2);
        Assert.True(cosine is < 0.9999f and > 0.8f, $"versions 1 and 2 differ only at the edge of a tight still: cosine {cosine:0.0000}");
        // Analysing several versions at once gives each version exactly what analysing it alone gives.
        Assert.Equal(v1, both[0].Faces.First(f => f.Quality.Passed).Embedding!);
        Assert.Equal(v2, both[1].Faces.First(f => f.Quality.Passed).Embedding!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(FacePipelineVersion.Current + 1)]
    public void AVersionThisBuildDoesNotComputeIsRefusedClearly(int version)
    {
        using var image = new Image<Rgb24>(64, 64);

        var refused = Assert.Throws<UnknownPipelineVersionException>(() => engine.Pipeline.Analyze(image, version, out _));

        Assert.Equal(version, refused.Version);
        Assert.Contains($"version {version} is not one this build computes", refused.Message);
    }

    [Fact]
    public void TheAlignedCropsOfBothVersionsAreEqualWhereTheTemplateStaysInsideThePhotoAndDifferPastItsEdge()
    {
        using var image = Noise(240, 240);
        using var frame = new RgbFrame(image);
        var template = SimilarityTransform.Template;

        // The template placed well inside the photo: no pixel is read past its edge, so the versions agree exactly.
        var inside = template.Select(p => (p.X + 60, p.Y + 60)).ToArray();
        using (var one = AlignedFace.From(frame, inside, FacePipelineVersion.ReadsMirroredEdge(1)))
        using (var two = AlignedFace.From(frame, inside, FacePipelineVersion.ReadsMirroredEdge(2)))
            Assert.True(one.Tensor.AsSpan(0, 3 * AlignedFace.Size * AlignedFace.Size).SequenceEqual(two.Tensor.AsSpan(0, 3 * AlignedFace.Size * AlignedFace.Size)));

        // Shifted 30 pixels past the left edge: the left columns differ, the right half (inside the photo) does not.
        var past = template.Select(p => (p.X - 30, p.Y + 60)).ToArray();
        using var edge1 = AlignedFace.From(frame, past, FacePipelineVersion.ReadsMirroredEdge(1));
        using var edge2 = AlignedFace.From(frame, past, FacePipelineVersion.ReadsMirroredEdge(2));
        var size = AlignedFace.Size;
        var leftDiffers = Enumerable.Range(0, size).Any(y => Enumerable.Range(0, 20).Any(x => edge1.Tensor[y * size + x] != edge2.Tensor[y * size + x]));
        var rightEqual = Enumerable.Range(0, size).All(y => Enumerable.Range(size / 2, size / 2).All(x => edge1.Tensor[y * size + x] == edge2.Tensor[y * size + x]));
        Assert.True(leftDiffers, "past the edge version 1 repeats the edge pixel and version 2 mirrors the photo");
        Assert.True(rightEqual, "inside the photo both versions read the same pixels");
    }

    private static Image<Rgb24> Noise(int width, int height)
    {
        var random = new Random(18);
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            image[x, y] = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
        return image;
    }
}
