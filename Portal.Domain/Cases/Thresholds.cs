using Portal.Domain.Organisations;

namespace Portal.Domain.Cases;

/// <summary>The minimum similarity a sector's searches must use; admins set it, partners cannot lower it.</summary>
public sealed class SectorThreshold
{
    public Sector Sector { get; init; }
    public float Minimum { get; set; }
    public string UpdatedBy { get; set; } = "system";
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class ThresholdRule
{
    /// <summary>The threshold a search uses: the highest of the default, the sector's minimum and the partner's own.</summary>
    public static float Effective(float defaultThreshold, float? sectorMinimum, float? organisationOwn) =>
        Math.Max(defaultThreshold, Math.Max(sectorMinimum ?? 0, organisationOwn ?? 0));

    public const float Highest = 0.95f;
}
