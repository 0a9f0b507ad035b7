using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Support;

/// <summary>The portal on real Kestrel, on a free port, with a temporary database: what a browser test talks to.</summary>
public sealed class PortalServer : IAsyncDisposable
{
    private PortalServer(PortalFactory factory, string baseUrl)
    {
        Factory = factory;
        BaseUrl = baseUrl;
    }

    public PortalFactory Factory { get; }

    public string BaseUrl { get; }

    public IServiceProvider Services => Factory.Services;

    public static PortalServer Start(Action<PortalFactory>? configure = null)
    {
        var factory = new PortalFactory();
        factory.Settings["Portal:Security:RequireTwoFactorForAdmins"] = "true";
        configure?.Invoke(factory);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PortalServer(factory, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'));
    }

    public string Url(string path) => $"{BaseUrl}/{path.TrimStart('/')}";

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
