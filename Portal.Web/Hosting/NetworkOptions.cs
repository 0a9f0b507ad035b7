using System.Net;

namespace Portal.Web.Hosting;

/// <summary>
/// Section "Portal:Network": the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed. Nothing
/// is trusted unless listed, so a client cannot pick its own rate-limit bucket by sending the header itself.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "Portal:Network";

    /// <summary>Addresses of the proxies in front of the portal, e.g. "10.0.0.5".</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, in CIDR notation, e.g. "10.0.0.0/24".</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsValid() =>
        KnownProxies.All(proxy => IPAddress.TryParse(proxy, out _))
        && KnownNetworks.All(network => IPNetwork.TryParse(network, out _));
}
