using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Common;

/// <summary>Issue 15 item 4: the relay's reconnect settings are checked at start.</summary>
public sealed class RelayOptionsTests
{
    [Theory]
    [InlineData("00:00:00", "00:00:30")]
    [InlineData("00:00:05", "00:00:01")]
    [InlineData("00:00:01", "01:00:00")]
    public async Task RefusesAReconnectDelayOutOfRangeOrLongerThanItsMaximum(string delay, string maximum)
    {
        using var data = new TempDirectory();
        await using var host = await InfrastructureHost.StartAsync(data.Path, settings: new Dictionary<string, string?>
        {
            ["Portal:Relay:ReconnectDelay"] = delay, ["Portal:Relay:MaxReconnectDelay"] = maximum,
        });

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<RelayOptions>>().Value);

        Assert.Contains("Delay", refused.Message);
    }
}
