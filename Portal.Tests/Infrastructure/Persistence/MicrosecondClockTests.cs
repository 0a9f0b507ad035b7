using Microsoft.Extensions.DependencyInjection;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Persistence;

/// <summary>The portal's clock gives whole microseconds, the precision PostgreSQL keeps, so an instant reads back as written.</summary>
public sealed class MicrosecondClockTests
{
    [Fact]
    public async Task EveryInstantThePortalTakesIsAWholeMicrosecond()
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path);
        var clock = host.Services.GetRequiredService<TimeProvider>();

        var instants = Enumerable.Range(0, 2000).Select(_ => clock.GetUtcNow()).ToList();

        Assert.All(instants, instant => Assert.Equal(0, instant.UtcTicks % TimeSpan.TicksPerMicrosecond));
        Assert.All(instants, instant => Assert.Equal(TimeSpan.Zero, instant.Offset));
        Assert.InRange(instants[^1], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
    }
}
