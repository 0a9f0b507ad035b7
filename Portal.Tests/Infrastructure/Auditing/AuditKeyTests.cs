using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Portal.Tests.Infrastructure.Auditing;

public sealed class AuditKeyTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public void ProductionRefusesToStartWithoutAConfiguredKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Create(Environments.Production, new AuditOptions()));
        Assert.Contains("Portal:Audit:KeyFile", error.Message);
    }

    [Fact]
    public void RefusesAKeyFileInsideTheDataDirectory()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Create(Environments.Production, new AuditOptions { KeyFile = _data.File("audit.key") }));
        Assert.Contains("outside the data directory", error.Message);
    }

    [Fact]
    public void UsesTheBase64KeyFromConfiguration()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var key = Create(Environments.Production, new AuditOptions { Key = Convert.ToBase64String(bytes) });
        Assert.Equal(bytes, key.Bytes);
    }

    [Fact]
    public void DevelopmentGeneratesAKeyFileOutsideTheDataDirectoryAndReusesIt()
    {
        var first = Create(Environments.Development, new AuditOptions());
        var second = Create(Environments.Development, new AuditOptions());

        Assert.True(File.Exists(first.KeyFile));
        Assert.False(first.KeyFile.StartsWith(_data.Path + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Equal(first.Bytes, second.Bytes);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyFile));
    }

    private AuditKey Create(string environmentName, AuditOptions options)
    {
        var environment = new HostingEnvironment { EnvironmentName = environmentName, ContentRootPath = _data.Path };
        var paths = new DataPaths(MsOptions.Create(new PortalOptions { DataDirectory = _data.Path }), environment);
        return new AuditKey(MsOptions.Create(options), paths, environment, NullLogger<AuditKey>.Instance);
    }

    public void Dispose() => _data.Dispose();
}
