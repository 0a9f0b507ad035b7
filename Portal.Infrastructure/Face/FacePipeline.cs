using System.Diagnostics;
using Microsoft.Extensions.Options;
using Portal.Domain.Faces;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Decode → detect → 68 landmarks → 5-point similarity alignment → 512-d unit embedding, with a quality
/// verdict per face. Every detected face is reported; only faces that pass are embedded. The models load on
/// first use, after their hashes are checked; while they are missing or altered, recognition is unavailable.
/// </summary>
public sealed class FacePipeline : IFaceAnalyzer, IDisposable
{
    private readonly ModelStore _store;
    private readonly SafeImageReader _reader;
    private readonly FaceOptions _options;
    private readonly Lazy<Models?> _models;

    public FacePipeline(ModelStore store, SafeImageReader reader, IOptions<FaceOptions> options)
    {
        _store = store;
        _reader = reader;
        _options = options.Value;
        _models = new Lazy<Models?>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsAvailable => _store.Status.IsAvailable;

    /// <summary>
    /// With the version this process is set to (<see cref="FaceOptions.PipelineVersion"/>): for work whose embeddings
    /// are compared only with each other's (evaluations), never with stored faces.
    /// </summary>
    public async Task<FaceAnalysis> AnalyzeAsync(Stream encodedImage, CancellationToken cancellationToken = default)
    {
        var (analyses, image) = await AnalyzeKeepingImageAsync(encodedImage, [_options.PipelineVersion], cancellationToken);
        image.Dispose();
        return analyses[0];
    }

    /// <summary>The pipeline version <see cref="AnalyzeAsync"/> embeds with.</summary>
    public int ConfiguredVersion => _options.PipelineVersion;

    /// <summary>
    /// The photo analysed once per version in <paramref name="versions"/> (in that order), also handing back the
    /// decoded, upright image (the caller disposes it), so what is derived from the photo (face crops) is cut from
    /// this decode rather than from another one.
    /// </summary>
    public async Task<(IReadOnlyList<FaceAnalysis> Analyses, Image<Rgb24> Image)> AnalyzeKeepingImageAsync(Stream encodedImage,
        IReadOnlyList<int> versions, CancellationToken cancellationToken = default)
    {
        RequireVersions(versions);
        // Unavailable models are the portal's problem, not the image's: say so before judging the image.
        if (!IsAvailable)
            throw new RecognitionUnavailableException(_store.Status);
        var image = await _reader.DecodeAsync(encodedImage, cancellationToken);
        try
        {
            return (Analyze(image, versions, out _), image);
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>The photo analysed with one pipeline version (1: edge pixel repeated; 2: mirrored edge).</summary>
    public FaceAnalysis Analyze(Image<Rgb24> image, int version, out PipelineTimings timings) => Analyze(image, [version], out timings)[0];

    /// <summary>
    /// One analysis per version, in the order asked. Detection and landmarks do not depend on the version and are
    /// computed once; the alignment, the quality verdict read from it and the embedding are computed per version.
    /// </summary>
    public IReadOnlyList<FaceAnalysis> Analyze(Image<Rgb24> image, IReadOnlyList<int> versions, out PipelineTimings timings)
    {
        RequireVersions(versions);
        var models = _models.Value ?? throw new RecognitionUnavailableException(_store.Status);
        using var frame = new RgbFrame(image);
        var clock = Stopwatch.StartNew();
        var factor = OverviewFactor(frame);
        using var shrunk = factor > 1 ? frame.Shrink(factor) : null;
        var overview = shrunk ?? frame;
        var detections = models.Detector.Detect(frame, overview, factor);
        var detectMs = clock.Elapsed.TotalMilliseconds;

        double landmarksMs = 0, embedMs = 0;
        var faces = versions.Select(_ => new List<AnalysedFace>(detections.Count)).ToList();
        foreach (var detection in detections)
        {
            clock.Restart();
            // A large face is read from the overview: the crops are 64 and 112 pixels, and sampling them from
            // a full 7 MP photo costs more and sees no more.
            var scale = detection.Height / factor >= LargeFaceInOverview ? factor : 1;
            var source = scale > 1 ? overview : frame;
            var points = FaceLandmarker.FivePoints(models.Landmarker.Locate(source, detection.Shrunk(scale)));
            landmarksMs += clock.Elapsed.TotalMilliseconds;
            var box = new FaceBox(detection.X1, detection.Y1, detection.Width, detection.Height);
            var landmarks = points.Select(p => new FacePoint(p.X * scale + (scale - 1) / 2f, p.Y * scale + (scale - 1) / 2f)).ToList();
            for (var v = 0; v < versions.Count; v++)
            {
                clock.Restart();
                using var aligned = AlignedFace.From(source, points, FacePipelineVersion.ReadsMirroredEdge(versions[v]));
                landmarksMs += clock.Elapsed.TotalMilliseconds;
                var quality = models.Quality.Assess(box, detection.Score, aligned);
                float[]? embedding = null;
                if (quality.Passed)
                {
                    clock.Restart();
                    var (vector, strength) = models.Embedder.Embed(aligned);
                    embedMs += clock.Elapsed.TotalMilliseconds;
                    quality = models.Quality.WithStrength(quality, strength);
                    embedding = quality.Passed ? vector : null;
                }
                faces[v].Add(new AnalysedFace(box, detection.Score, landmarks, quality, embedding));
            }
        }
        timings = new PipelineTimings(detectMs, landmarksMs, embedMs);
        // Best detections first, then larger faces: "largest first" was measured to pick blurry false positives.
        // The same order for every version (it reads only the detection), so the i-th face is one face in all of them.
        return faces.Select(list => new FaceAnalysis(image.Width, image.Height,
            list.OrderByDescending(f => f.DetectionScore).ThenByDescending(f => f.Box.Width * f.Box.Height).ToList())).ToList();
    }

    private static void RequireVersions(IReadOnlyList<int> versions)
    {
        if (versions.Count == 0)
            throw new ArgumentException("At least one pipeline version is needed.", nameof(versions));
        foreach (var version in versions)
            FacePipelineVersion.Require(version);
    }

    /// <summary>A face at least this tall in the overview is sampled from it: the aligned crop (112 pixels) is still a reduction.</summary>
    private const int LargeFaceInOverview = 128;

    /// <summary>Shrink so the detector's input is at most about half the overview's size; 1 means no overview.</summary>
    private static int OverviewFactor(RgbFrame frame) =>
        Math.Max(1, (int)(Math.Max(frame.Width / 320f, frame.Height / 240f) / 2));

    private Models? Load()
    {
        if (!_store.Status.IsAvailable)
            return null;
        var threads = _options.IntraOpThreads;
        var detector = new OnnxModel(_store.PathOf(ModelFiles.Detector), threads);
        var landmarks = new OnnxModel(_store.PathOf(ModelFiles.Landmarks), threads);
        var embedder = new OnnxModel(_store.PathOf(ModelFiles.Embedder), threads);
        return new Models(detector, landmarks, embedder, _options);
    }

    public void Dispose()
    {
        if (_models.IsValueCreated)
            _models.Value?.Dispose();
    }

    private sealed class Models(OnnxModel detector, OnnxModel landmarks, OnnxModel embedder, FaceOptions options) : IDisposable
    {
        public FaceDetector Detector { get; } = new(detector, options);
        public FaceLandmarker Landmarker { get; } = new(landmarks);
        public FaceEmbedder Embedder { get; } = new(embedder, options.MirrorAugmentation);
        public QualityAssessor Quality { get; } = new(options);

        public void Dispose()
        {
            detector.Dispose();
            landmarks.Dispose();
            embedder.Dispose();
        }
    }
}

/// <summary>Thrown when analysis is asked for while the models are missing or altered; work should wait, not fail.</summary>
public sealed class RecognitionUnavailableException(ModelStatus status)
    : Exception($"Face recognition is unavailable: {string.Join(" ", status.Problems)}");
