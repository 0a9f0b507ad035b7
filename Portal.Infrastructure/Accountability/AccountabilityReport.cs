using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Retention;

namespace Portal.Infrastructure.Accountability;

/// <summary>
/// Generates the accountability report's facts (RCW 43.386.020 asks for one: capabilities and limits, testing, the
/// data kept and the policies that apply). Public data only: no organisation, person or case is named, and test
/// results by group only where a group holds at least 5 people (<see cref="PublishedTest"/>).
/// The page is open to anyone, so the facts are generated at most once per <see cref="CacheFor"/> and shared, as the
/// transparency report is.
/// </summary>
public sealed class AccountabilityReport
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private readonly IOptions<FaceOptions> _face;
    private readonly IOptions<UploadOptions> _uploads;
    private readonly IOptions<ImageLimits> _images;
    private readonly ThresholdService _thresholds;
    private readonly RetentionSchedule _retention;
    private readonly MoratoriumSchedule _moratoria;
    private readonly EvaluationQueries _evaluations;
    private readonly TimeProvider _timeProvider;
    private readonly SharedSnapshot<AccountabilityFacts> _current;

    public AccountabilityReport(IOptions<FaceOptions> face, IOptions<UploadOptions> uploads, IOptions<ImageLimits> images,
        ThresholdService thresholds, RetentionSchedule retention, MoratoriumSchedule moratoria, EvaluationQueries evaluations,
        TimeProvider timeProvider)
    {
        (_face, _uploads, _images, _thresholds, _retention, _moratoria, _evaluations, _timeProvider) =
            (face, uploads, images, thresholds, retention, moratoria, evaluations, timeProvider);
        _current = new SharedSnapshot<AccountabilityFacts>(ComputeAsync, CacheFor, timeProvider);
    }

    /// <summary>The facts, at most <see cref="CacheFor"/> old; a caller's token ends only its own wait.</summary>
    public Task<AccountabilityFacts> GenerateAsync(CancellationToken cancellationToken = default) => _current.GetAsync(cancellationToken);

    /// <summary>Generates the facts afresh, with no cache (the page goes through <see cref="GenerateAsync"/>).</summary>
    public async Task<AccountabilityFacts> ComputeAsync(CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        var options = _face.Value;
        var limits = new ProbeLimits(_uploads.Value.MaxFileMegabytes, _images.Value.MaxMegapixels, options.MinFaceSize, options.DetectionThreshold,
            options.MinQualityScore, options.MaxYawRatio, options.MinSharpness, options.MinFeatureStrength);
        var current = (await _moratoria.AllAsync(cancellationToken)).Where(m => m.PhaseAt(now) != MoratoriumPhase.Past).ToList();
        var (standard, minimums) = await _thresholds.MinimumsInForceAsync(cancellationToken);
        return new AccountabilityFacts(now, FacePipelineVersion.Current, FacePipelineVersion.Steps, ModelFiles.Pinned,
            typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            limits, new ThresholdFacts(standard, minimums), Purposes.All, await _retention.RulesAsync(cancellationToken), current,
            PublishedTest.From(await _evaluations.LatestEvaluationAsync(cancellationToken)));
    }
}
