using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Persistence;

/// <summary>Absolute paths under the configured data directory.</summary>
public sealed class DataPaths(IOptions<PortalOptions> options, IHostEnvironment environment)
{
    public string Root { get; } = Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath);

    public string Database => Path.Combine(Root, "portal.db");

    public string Under(string relative) => Path.Combine(Root, relative);
}
