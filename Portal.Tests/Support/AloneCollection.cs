namespace Portal.Tests.Support;

/// <summary>
/// Tests that start whole processes one after another and measure leases in seconds: they run after the parallel
/// collections, alone, so that neither they nor the browser tests time out for want of a core on two.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
