using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Images": what an untrusted image may be before any pixel is decoded.</summary>
public sealed class ImageLimits
{
    public const string Section = "Portal:Images";

    [Range(1, 200)]
    public int MaxMegapixels { get; set; } = 40;

    [Range(100, 65_535)]
    public int MaxSide { get; set; } = 12_000;

    /// <summary>Longer side over shorter side: a 1×8,000,000 "image" is an attack, not a photo.</summary>
    [Range(1, 100)]
    public double MaxAspectRatio { get; set; } = 10;

    /// <summary>Cap on what one decode may allocate (a 40 MP Rgb24 image needs 120 MB).</summary>
    [Range(16, 4096)]
    public int AllocationLimitMegabytes { get; set; } = 256;

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
