using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>
/// Section "Portal:Crops". Face crops are cut once, by the queue job that indexes or searches a photo. Only a
/// face indexed before crops were stored still needs its whole photo decoded by a web request; these bound that.
/// </summary>
public sealed class CropOptions
{
    public const string Section = "Portal:Crops";

    /// <summary>Web requests decoding a full photo at once (a 7 MP decode takes a core for about a quarter of a second).</summary>
    [Range(1, 64)]
    public int MaxConcurrentDecodes { get; set; } = 2;

    /// <summary>How long a request waits for a decode slot before it is answered 503 with Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(2);
}
