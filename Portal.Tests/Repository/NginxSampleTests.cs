using System.Diagnostics;
using System.Text.RegularExpressions;
using Portal.Tests.Support;
using Portal.Web.Hosting;

namespace Portal.Tests.Repository;

/// <summary>The nginx sample in deploy/nginx is a configuration nginx accepts, and it agrees with the portal's own limits.</summary>
public sealed partial class NginxSampleTests : IDisposable
{
    private readonly TempDirectory _folder = new("reunite-nginx");

    [NginxFact]
    public async Task NginxAcceptsTheSampleWithItsPlaceholdersFilledIn()
    {
        var main = NginxSample.Render(_folder.Path, PortalServer.FreePort(), PortalServer.FreePort(), 5101, 5102);
        var start = new ProcessStartInfo(NginxSample.Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-t", "-p", _folder.Path, "-c", main })
            start.ArgumentList.Add(argument);

        using var nginx = Process.Start(start)!;
        var errors = await nginx.StandardError.ReadToEndAsync();
        await nginx.WaitForExitAsync();

        Assert.True(nginx.ExitCode == 0, errors);
        Assert.Contains("test is successful", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSampleAllowsTheRequestBodySizeThePortalAllows()
    {
        var site = File.ReadAllText(Path.Combine(NginxSample.Folder, "portal.conf"));

        var size = BodySize().Match(site);

        Assert.True(size.Success, "portal.conf sets no client_max_body_size");
        Assert.Equal(RequestLimits.MaxBodyBytes, int.Parse(size.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024);
    }

    [GeneratedRegex(@"client_max_body_size\s+(\d+)m;")]
    private static partial Regex BodySize();

    public void Dispose() => _folder.Dispose();
}
