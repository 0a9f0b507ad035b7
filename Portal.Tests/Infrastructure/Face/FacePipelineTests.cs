using Portal.Domain.Faces;
using Portal.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Portal.Tests.Infrastructure.Face;

[Collection(FaceEngineCollection.Name)]
public sealed class FacePipelineTests(FaceEngineFixture engine)
{
    [FaceFact]
    public async Task APhotoStoredSidewaysWithExifOrientation6IsReadUprightAndEmbedsAlike()
    {
        using var upright = await Image.LoadAsync<Rgb24>(SharedFaces.File("single/obama_845x1024.jpg"));
        using var sideways = upright.Clone(x => x.Rotate(RotateMode.Rotate270));
        sideways.Metadata.ExifProfile = new ExifProfile();
        sideways.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        using var file = new MemoryStream();
        await sideways.SaveAsJpegAsync(file, new JpegEncoder { Quality = 98 });
        file.Position = 0;

        var rotated = await engine.Pipeline.AnalyzeAsync(file);
        var original = engine.BestEmbedding("single/obama_845x1024.jpg")!;

        Assert.Equal((upright.Width, upright.Height), (rotated.Width, rotated.Height));
        var face = Assert.Single(rotated.Faces, f => f.Quality.Passed);
        Assert.True(FaceEngineFixture.Cosine(face.Embedding!, original) >= 0.98f,
            $"cosine {FaceEngineFixture.Cosine(face.Embedding!, original):0.000}");
    }

    [FaceFact]
    public async Task AFaceShrunkToTwentyPixelsIsReportedTooSmallNotDropped()
    {
        var face = engine.Analyse("single/obama_845x1024.jpg").Faces.First(f => f.Quality.Passed);
        using var image = await Image.LoadAsync<Rgb24>(SharedFaces.File("single/obama_845x1024.jpg"));
        var scale = 20f / face.Box.ShorterSide;
        image.Mutate(x => x.Resize((int)(image.Width * scale), (int)(image.Height * scale)));
        using var small = new MemoryStream();
        await image.SaveAsPngAsync(small);
        small.Position = 0;

        var analysis = await engine.Pipeline.AnalyzeAsync(small);

        var tiny = Assert.Single(analysis.Faces, f => f.Quality.IsFace);
        Assert.InRange(tiny.Box.ShorterSide, 12, 28);
        Assert.False(tiny.Quality.Passed);
        Assert.Contains(QualityIssue.TooSmall, tiny.Quality.Issues);
        Assert.Contains(tiny.Quality.Reasons, reason => reason.StartsWith("too small", StringComparison.Ordinal));
        Assert.Null(tiny.Embedding);
    }

    [FaceFact]
    public void AFaceThatPassesCarriesAUnitLengthEmbeddingAndFiveLandmarksInsideItsBox()
    {
        var face = engine.Analyse("people/kit_harington/kit_harington2.jpg").Faces.First();

        Assert.True(face.Quality.Passed, string.Join("; ", face.Quality.Reasons));
        Assert.Equal(512, face.Embedding!.Length);
        Assert.InRange(Math.Sqrt(face.Embedding.Sum(v => (double)v * v)), 0.999, 1.001);
        Assert.Equal(5, face.Landmarks.Count);
        Assert.All(face.Landmarks, p =>
        {
            Assert.InRange(p.X, face.Box.X, face.Box.X + face.Box.Width);
            Assert.InRange(p.Y, face.Box.Y, face.Box.Y + face.Box.Height);
        });
    }

    [FaceFact]
    public void ATextureTheDetectorMistookForAFaceIsReportedWithItsReasonAndNotEmbedded()
    {
        var faces = engine.Analyse("groups/obama_and_biden.jpg").Faces;

        var notFaces = faces.Where(f => f.Quality.Issues.Contains(QualityIssue.NotFaceLike)).ToList();
        Assert.All(notFaces, f => Assert.Null(f.Embedding));
        Assert.Equal(3, faces.Count(f => f.Quality.Passed));
    }
}
