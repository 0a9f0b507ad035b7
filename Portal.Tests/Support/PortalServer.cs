using System.Net;
using System.Net.Sockets;
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
        // A port known before start, so the links the portal e-mails lead a browser back to this server.
        var port = FreePort();
        factory.Settings["Portal:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
        configure?.Invoke(factory);
        factory.UseKestrel(port);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PortalServer(factory, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/'));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Url(string path) => $"{BaseUrl}/{path.TrimStart('/')}";

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
