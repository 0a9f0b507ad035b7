using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Domain.Retention;
using Portal.Infrastructure.Face;

namespace Portal.Infrastructure.Accountability;

/// <summary>
/// Everything the public accountability report states, read from the running portal (its pinned models, its
/// configuration, its schedules) at the moment it is generated — so the report cannot drift from what runs.
/// </summary>
public sealed record AccountabilityFacts(
    DateTimeOffset GeneratedAt,
    int PipelineVersion,
    IReadOnlyList<string> PipelineSteps,
    IReadOnlyList<PinnedModel> Models,
    string RuntimeVersion,
    ProbeLimits Limits,
    ThresholdFacts Thresholds,
    IReadOnlyList<Purpose> Purposes,
    IReadOnlyList<RetentionRule> Retention,
    IReadOnlyList<Moratorium> Moratoria,
    PublishedTest? LatestTest = null);

/// <summary>What a photo and a face must be for the portal to compare it at all.</summary>
public sealed record ProbeLimits(
    int MaxFileMegabytes,
    int MaxMegapixels,
    int MinFaceSizePixels,
    float MinDetectorConfidence,
    float MinQualityScore,
    float MaxYawRatio,
    float MinSharpness,
    float MinFeatureStrength);

/// <summary>The similarity a candidate must reach: the platform default and each sector's minimum (never below it).</summary>
public sealed record ThresholdFacts(float Default, IReadOnlyDictionary<Sector, float> SectorMinimums);
