using System.Net;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Which addresses a webhook may reach. Refused unless allow-listed: loopback, link-local, private (RFC 1918 and
/// carrier-grade NAT), unique-local, site-local, multicast, unspecified, broadcast and reserved ranges, in IPv4, IPv6
/// and IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64). Pure, so every case is a unit test.
/// </summary>
public sealed class NetworkPolicy(IEnumerable<IpNetwork> allowed)
{
    private static readonly (IpNetwork Network, string Kind)[] Refused =
    [
        (IpNetwork.Parse("0.0.0.0/8"), "unspecified"),
        (IpNetwork.Parse("10.0.0.0/8"), "private"),
        (IpNetwork.Parse("100.64.0.0/10"), "private"),
        (IpNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IpNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IpNetwork.Parse("172.16.0.0/12"), "private"),
        (IpNetwork.Parse("192.0.0.0/24"), "reserved"),
        (IpNetwork.Parse("192.168.0.0/16"), "private"),
        (IpNetwork.Parse("198.18.0.0/15"), "reserved"),
        (IpNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IpNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IpNetwork.Parse("::/128"), "unspecified"),
        (IpNetwork.Parse("::1/128"), "loopback"),
        (IpNetwork.Parse("fe80::/10"), "link-local"),
        (IpNetwork.Parse("fec0::/10"), "site-local"),
        (IpNetwork.Parse("fc00::/7"), "unique-local"),
        (IpNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private readonly IReadOnlyList<IpNetwork> _allowed = [.. allowed];

    public static NetworkPolicy From(WebhookOptions options) => new(options.AllowedNetworks.Select(IpNetwork.Parse));

    /// <summary>Null when the address may be reached; otherwise why not ("loopback", "private", ...).</summary>
    public string? RefusalOf(IPAddress address)
    {
        var candidates = new List<IPAddress> { IpNetwork.Normalize(address) };
        if (Embedded(address) is { } inner)
        {
            candidates.Add(inner);
        }

        foreach (var candidate in candidates)
        {
            if (_allowed.Any(n => n.Contains(candidate)))
            {
                return null;
            }

            foreach (var (network, kind) in Refused)
            {
                if (network.Contains(candidate))
                {
                    return kind;
                }
            }
        }

        return null;
    }

    /// <summary>The IPv4 address inside an IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address.</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || address.IsIPv4MappedToIPv6)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        var compatible = bytes.Take(12).All(b => b == 0) && !bytes.Skip(12).All(b => b == 0) && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] == 1);
        var nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.Skip(4).Take(8).All(b => b == 0);
        return compatible || nat64 ? new IPAddress(bytes[12..]) : null;
    }
}
