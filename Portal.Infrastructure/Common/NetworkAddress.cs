using System.Net;
using System.Net.Sockets;

namespace Portal.Infrastructure.Common;

/// <summary>
/// The key a per-address limit or an anonymous audit count uses for a client. One IPv6 subscriber usually holds a
/// whole /64 and can send from any of its 2^64 addresses, so an IPv6 client is its /64; an IPv4 client (also when
/// mapped into IPv6) is its address.
/// </summary>
public static class NetworkAddress
{
    public static string KeyOf(IPAddress? address)
    {
        if (address is null)
            return "unknown";
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
