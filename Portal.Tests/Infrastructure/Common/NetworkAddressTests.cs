using System.Net;
using Portal.Infrastructure.Common;

namespace Portal.Tests.Infrastructure.Common;

public sealed class NetworkAddressTests
{
    [Fact]
    public void EveryAddressOfOneIpv6SubnetSharesOneKey()
    {
        var first = NetworkAddress.KeyOf(IPAddress.Parse("2001:db8:1:2::1"));
        var other = NetworkAddress.KeyOf(IPAddress.Parse("2001:db8:1:2:ffff:abcd:1234:5678"));
        var neighbour = NetworkAddress.KeyOf(IPAddress.Parse("2001:db8:1:3::1"));

        Assert.Equal("2001:db8:1:2::/64", first);
        Assert.Equal(first, other);
        Assert.NotEqual(first, neighbour);
    }

    [Fact]
    public void AnIpv4ClientIsItsAddressAlsoWhenMappedIntoIpv6()
    {
        Assert.Equal("203.0.113.7", NetworkAddress.KeyOf(IPAddress.Parse("203.0.113.7")));
        Assert.Equal("203.0.113.7", NetworkAddress.KeyOf(IPAddress.Parse("::ffff:203.0.113.7")));
        Assert.Equal("unknown", NetworkAddress.KeyOf(null));
    }
}
