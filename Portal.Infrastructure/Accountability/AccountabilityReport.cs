using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Retention;

namespace Portal.Infrastructure.Accountability;

/// <summary>
/// Generates the accountability report's facts (RCW 43.386.020 asks for one: capabilities and limits, testing, the
/// data kept and the policies that apply). Public data only: no organisation, person or case is named.
/// </summary>
public sealed class AccountabilityReport(
    IDbContextFactory<PortalDbContext> contextFactory,
    IOptions<FaceOptions> face,
    IOptions<UploadOptions> uploads,
    IOptions<ImageLimits> images,
    ThresholdService thresholds,
    RetentionSchedule retention,
    MoratoriumSchedule moratoria,
    EvaluationQueries evaluations,
    TimeProvider timeProvider)
{
    private static readonly IReadOnlyDictionary<string, string> Roles = new Dictionary<string, string>
    {
        [ModelFiles.Detector] = "Face detector",
        [ModelFiles.Landmarks] = "68-point face landmarks",
        [ModelFiles.Embedder] = "Face recognition (512-number embedding)",
    };

    public async Task<AccountabilityFacts> GenerateAsync(CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        var options = face.Value;
        var limits = new ProbeLimits(uploads.Value.MaxFileMegabytes, images.Value.MaxMegapixels, options.MinFaceSize, options.DetectionThreshold,
            options.MinQualityScore, options.MaxYawRatio, options.MinSharpness, options.MinFeatureStrength);
        var current = (await moratoria.AllAsync(cancellationToken)).Where(m => m.PhaseAt(now) != MoratoriumPhase.Past).ToList();
        return new AccountabilityFacts(now, FacePipelineVersion.Current, FacePipelineVersion.Steps,
            ModelFiles.Sha256.Select(m => new ModelFact(Roles[m.Key], m.Key, m.Value)).ToList(),
            typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown",
            limits, await ThresholdsAsync(cancellationToken), Purposes.All, await retention.RulesAsync(cancellationToken), current,
            await evaluations.LatestEvaluationAsync(cancellationToken));
    }

    private async Task<ThresholdFacts> ThresholdsAsync(CancellationToken cancellationToken)
    {
        var standard = await thresholds.DefaultAsync(cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.SectorThresholds.AsNoTracking().ToDictionaryAsync(t => t.Sector, t => t.Minimum, cancellationToken);
        // A sector never searches below the default, whatever an older row says (ThresholdRule.Effective).
        return new ThresholdFacts(standard, Sectors.All.ToDictionary(s => s, s => Math.Max(standard, stored.GetValueOrDefault(s, standard))));
    }
}
