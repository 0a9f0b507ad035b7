using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Benchmarks.Support;
using Portal.Domain.Accuracy;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Options;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// plain-compare --images &lt;tree&gt; [--verbose]: the portal's pipeline against <see cref="PlainPipeline"/> on a
/// folder-per-identity tree, step by step per photo (five landmarks in pixels, the similarity transform, the aligned
/// 112×112 pixels, the embeddings), then genuine min / impostor max / margin / AUC for each variant: the portal with
/// its quality gates on and off, the plain pipeline, each with and without mirror augmentation, and two hybrids
/// that move one step at a time (plain landmarks with the portal's sampler, the portal's landmarks with plain
/// bilinear warping) so a gap can be pinned on the step that makes it.
/// </summary>
internal static class PlainCompareCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var root = arguments.Required("images");
        var images = Embeddings.Tree(root);
        var verbose = arguments.Optional("verbose") is not null;
        using var gated = PortalPipeline(gatesOff: false, mirror: false);
        using var ungated = PortalPipeline(gatesOff: true, mirror: false);
        using var gatedMirror = PortalPipeline(gatesOff: false, mirror: true);
        using var ungatedMirror = PortalPipeline(gatesOff: true, mirror: true);
        var models = new ModelStore(MsOptions.Create(new FaceOptions()), NullLogger<ModelStore>.Instance).Directory;
        using var plain = new PlainPipeline(models);
        using var plainReflected = new PlainPipeline(models, PlainPipeline.Border.Reflect);
        using var plainReplicated = new PlainPipeline(models, PlainPipeline.Border.Replicate);

        var variants = new Dictionary<string, Dictionary<string, float[]?>>(StringComparer.Ordinal);
        void Put(string variant, string path, float[]? embedding)
        {
            if (!variants.TryGetValue(variant, out var map))
                variants[variant] = map = new Dictionary<string, float[]?>(StringComparer.Ordinal);
            map[path] = embedding;
        }
        var steps = new List<StepDifference>();
        foreach (var (path, _) in images)
        {
            await using var file = File.OpenRead(Path.Combine(root, path));
            using var image = await Engine.Reader.DecodeAsync(file);
            Put("portal, gates on", path, BestPassed(gated.Analyze(image, Engine.PipelineVersion, out _)));
            Put("portal, gates on, mirror", path, BestPassed(gatedMirror.Analyze(image, Engine.PipelineVersion, out _)));
            var portal = ungated.Analyze(image, Engine.PipelineVersion, out _).Faces.FirstOrDefault(f => f.Embedding is not null);
            Put("portal, gates off", path, portal?.Embedding);
            Put("portal, gates off, mirror", path, ungatedMirror.Analyze(image, Engine.PipelineVersion, out _).Faces.FirstOrDefault(f => f.Embedding is not null)?.Embedding);
            var reference = plain.Run(image);
            Put("plain", path, reference?.Embedding);
            Put("plain, mirror", path, reference?.MirroredEmbedding);
            foreach (var border in new[] { PlainPipeline.Border.Grey, PlainPipeline.Border.Replicate, PlainPipeline.Border.Reflect })
            {
                var other = reference is null ? default : plain.WithBorder(image, reference, border);
                Put($"plain, {border.ToString().ToLowerInvariant()} border", path, other.Embedding);
                Put($"plain, {border.ToString().ToLowerInvariant()} border, mirror", path, other.Mirrored);
            }
            if (reference is not null)
            {
                var reflect = plain.WithBorder(image, reference, PlainPipeline.Border.Reflect);
                var grey = plain.WithBorder(image, reference, PlainPipeline.Border.Grey);
                Put("plain, mean of black and reflect borders", path, PlainPipeline.MirrorAverage(reference.Embedding, reflect.Embedding));
                Put("plain, mean of grey and reflect borders", path, PlainPipeline.MirrorAverage(grey.Embedding, reflect.Embedding));
                Put("plain, mean of black and reflect borders, mirror", path, PlainPipeline.MirrorAverage(reference.MirroredEmbedding, reflect.Mirrored));
            }
            else
            {
                Put("plain, mean of black and reflect borders", path, null);
                Put("plain, mean of grey and reflect borders", path, null);
                Put("plain, mean of black and reflect borders, mirror", path, null);
            }
            foreach (var (name, variant) in new[] { ("reflected", plainReflected), ("replicated", plainReplicated) })
            {
                var result = variant.Run(image);
                var reflected = result is null ? default : variant.WithBorder(image, result, PlainPipeline.Border.Reflect);
                Put($"plain, {name} landmark crop, black border", path, result?.Embedding);
                Put($"plain, {name} landmark crop, reflect border", path, reflected.Embedding);
                Put($"plain, {name} landmark crop, reflect border, mirror", path, reflected.Mirrored);
            }
            if (portal is null || reference is null)
            {
                Console.WriteLine($"  {path}: {(portal is null ? "portal finds no face" : "")} {(reference is null ? "plain finds no face" : "")}");
                Put("hybrid: plain landmarks, portal sampler", path, null);
                Put("hybrid: portal landmarks, plain warp", path, null);
                continue;
            }
            var step = Compare(plain, image, portal, reference, out var portalSampler, out var plainWarp);
            Put("hybrid: plain landmarks, portal sampler", path, portalSampler);
            Put("hybrid: portal landmarks, plain warp", path, plainWarp);
            steps.Add(step);
            if (verbose)
                Console.WriteLine(Invariant($"  {path}: landmarks {step.LandmarkPixels:0.00} px ({step.LandmarkEyeShare:0.000} of eye distance), transform Δ {step.TransformDelta:0.0000}, aligned |Δ| {step.AlignedMeanAbs:0.0} grey levels (same points and border {step.SamplerMeanAbs:0.0}), embeddings cos {step.EmbeddingCosine:0.000}"));
        }

        Console.WriteLine(Invariant($"step by step over {steps.Count} photos where both found a face (mean / worst):"));
        Console.WriteLine(Invariant($"  five landmarks, px:            {steps.Average(s => s.LandmarkPixels):0.00} / {steps.Max(s => s.LandmarkPixels):0.00}"));
        Console.WriteLine(Invariant($"  ... in eye distances:          {steps.Average(s => s.LandmarkEyeShare):0.000} / {steps.Max(s => s.LandmarkEyeShare):0.000}"));
        Console.WriteLine(Invariant($"  transform (a, b) difference:   {steps.Average(s => s.TransformDelta):0.0000} / {steps.Max(s => s.TransformDelta):0.0000}"));
        Console.WriteLine(Invariant($"  aligned 112×112 mean |Δ|:      {steps.Average(s => s.AlignedMeanAbs):0.00} / {steps.Max(s => s.AlignedMeanAbs):0.00} grey levels"));
        Console.WriteLine(Invariant($"  ... same points and border:    {steps.Average(s => s.SamplerMeanAbs):0.00} / {steps.Max(s => s.SamplerMeanAbs):0.00}"));
        Console.WriteLine(Invariant($"  embedding cosine portal~plain: {steps.Average(s => s.EmbeddingCosine):0.000} / {steps.Min(s => s.EmbeddingCosine):0.000} (mean / lowest)"));
        Console.WriteLine();
        Console.WriteLine("| variant | usable photos | genuine min | impostor max | margin | AUC | worst impostor |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, embeddings) in variants)
        {
            var s = Separation.Of(images, embeddings);
            Console.WriteLine(Invariant($"| {name} | {s.Usable} | {s.GenuineMin:0.000} | {s.ImpostorMax:0.000} | {s.GenuineMin - s.ImpostorMax:0.000} | {s.Auc:0.0000} | {s.WorstImpostor} |"));
        }
        return 0;
    }

    private static float[]? BestPassed(FaceAnalysis analysis) => analysis.Faces.FirstOrDefault(f => f.Quality.Passed)?.Embedding;

    /// <summary>The portal's pipeline; "gates off" lowers every quality limit to its floor so every face is embedded.</summary>
    private static FacePipeline PortalPipeline(bool gatesOff, bool mirror)
    {
        var options = new FaceOptions { MirrorAugmentation = mirror };
        if (gatesOff)
        {
            options.MinFaceSize = 8;
            options.MinQualityScore = 0.05f;
            options.MaxYawRatio = 2.0f;
            options.MinSharpness = 0;
            options.MinFeatureStrength = 0;
        }
        return new FacePipeline(new ModelStore(MsOptions.Create(options), NullLogger<ModelStore>.Instance), Engine.Reader, MsOptions.Create(options));
    }

    private sealed record StepDifference(double LandmarkPixels, double LandmarkEyeShare, double TransformDelta, double AlignedMeanAbs, double SamplerMeanAbs, double EmbeddingCosine);

    private static StepDifference Compare(PlainPipeline plain, SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24> image,
        AnalysedFace portal, PlainPipeline.Result reference, out float[] portalSampler, out float[] plainWarp)
    {
        var portalPoints = portal.Landmarks.Select(p => (p.X, p.Y)).ToArray();
        var pixels = portalPoints.Zip(reference.FivePoints, (a, b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y))).Average();
        var eyes = Math.Sqrt(Math.Pow(reference.FivePoints[1].X - reference.FivePoints[0].X, 2) + Math.Pow(reference.FivePoints[1].Y - reference.FivePoints[0].Y, 2));
        var portalTransform = SimilarityTransform.Estimate(portalPoints, SimilarityTransform.Template);
        var transformDelta = Math.Max(Math.Abs(portalTransform.A - reference.Transform.A), Math.Abs(portalTransform.B - reference.Transform.B));

        using var frame = new RgbFrame(image);
        using var portalAligned = AlignedFace.From(frame, portalPoints, mirrorOutside: true);
        using var portalSamplerAligned = AlignedFace.From(frame, reference.FivePoints, mirrorOutside: true);
        var alignedDiff = MeanAbsGrey(portalAligned.Tensor, reference.Aligned);
        var samplerDiff = MeanAbsGrey(portalSamplerAligned.Tensor, PlainPipeline.Warp(image, reference.Transform, PlainPipeline.Border.Reflect));
        portalSampler = plain.Embed(portalSamplerAligned.Tensor[..reference.Aligned.Length]);
        plainWarp = plain.Embed(PlainPipeline.Warp(image, PlainPipeline.Umeyama(portalPoints, SimilarityTransform.Template)));
        var cosine = Embeddings.Cosine(portal.Embedding!, reference.Embedding);
        return new StepDifference(pixels, pixels / eyes, transformDelta, alignedDiff, samplerDiff, cosine);
    }

    /// <summary>Mean absolute difference of two NCHW (p − 127) / 128 tensors, in 0–255 levels.</summary>
    private static double MeanAbsGrey(float[] a, float[] b)
    {
        var n = 3 * PlainPipeline.AlignedSize * PlainPipeline.AlignedSize;
        double sum = 0;
        for (var i = 0; i < n; i++)
            sum += Math.Abs(a[i] - b[i]) * 128;
        return sum / n;
    }

    private sealed record Separation(int Usable, double GenuineMin, double ImpostorMax, double Auc, string WorstImpostor)
    {
        public static Separation Of(List<(string Path, string Identity)> images, Dictionary<string, float[]?> embeddings)
        {
            var usable = images.Where(i => embeddings[i.Path] is not null).ToList();
            var genuine = new List<double>();
            var impostor = new List<double>();
            var worst = ("", -1.0);
            for (var i = 0; i < usable.Count; i++)
            for (var j = i + 1; j < usable.Count; j++)
            {
                double score = Embeddings.Cosine(embeddings[usable[i].Path]!, embeddings[usable[j].Path]!);
                if (usable[i].Identity == usable[j].Identity)
                {
                    genuine.Add(score);
                }
                else
                {
                    impostor.Add(score);
                    if (score > worst.Item2)
                        worst = ($"{Path.GetFileNameWithoutExtension(usable[i].Path)} ~ {Path.GetFileNameWithoutExtension(usable[j].Path)}", score);
                }
            }
            return new Separation(usable.Count, genuine.Min(), impostor.Max(), RocArea.Of(new ScoreSets(genuine, impostor)) ?? double.NaN, worst.Item1);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
