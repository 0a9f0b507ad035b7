using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Portal.Web.Hosting;

/// <summary>
/// Behind a proxy every request arrives from the proxy's address; the forwarded headers name the client. They are
/// read only from the proxies configured in <see cref="NetworkOptions"/>: the framework's default (loopback) is
/// cleared, so without configuration the headers are ignored.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public static IServiceCollection AddForwardedHeadersFromKnownProxies(this IServiceCollection services)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section)
            .Validate(network => network.IsValid(),
                "Portal:Network:KnownProxies must be IP addresses and KnownNetworks CIDR ranges (e.g. 10.0.0.0/24).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<NetworkOptions>>((forwarded, network) =>
            {
                // With both lists empty the middleware would believe every sender, not none: so then it reads nothing.
                var configured = network.Value.KnownProxies.Length > 0 || network.Value.KnownNetworks.Length > 0;
                forwarded.ForwardedHeaders = configured ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var proxy in network.Value.KnownProxies)
                    forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
                foreach (var range in network.Value.KnownNetworks)
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(range));
            });
        return services;
    }
}
