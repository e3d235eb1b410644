using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DashboardFactory.Webhooks;

/// <summary>A CIDR range ("10.0.0.0/8", "fe80::/10"). IPv4-mapped IPv6 addresses are compared as the IPv4 address they carry.</summary>
public sealed record IpNetwork(IPAddress Prefix, int Length)
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out IpNetwork? network)
    {
        network = null;
        var slash = text?.IndexOf('/') ?? -1;
        if (text is null || slash < 0
            || !IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return false;
        }

        address = Normalize(address);
        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (length > bits)
        {
            return false;
        }

        network = new IpNetwork(address, length);
        return true;
    }

    public static IpNetwork Parse(string text) =>
        TryParse(text, out var network) ? network : throw new FormatException($"'{text}' is not a CIDR range.");

    public bool Contains(IPAddress address)
    {
        address = Normalize(address);
        if (address.AddressFamily != Prefix.AddressFamily)
        {
            return false;
        }

        var a = address.GetAddressBytes();
        var p = Prefix.GetAddressBytes();
        var full = Length / 8;
        for (var i = 0; i < full; i++)
        {
            if (a[i] != p[i])
            {
                return false;
            }
        }

        var rest = Length % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (a[full] & mask) == (p[full] & mask);
    }

    /// <summary>"::ffff:127.0.0.1" is 127.0.0.1: a guard that looked only at the IPv6 form would let loopback through.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public override string ToString() => $"{Prefix}/{Length}";
}
