using System.Security.Cryptography;
using System.Text;

namespace DashboardFactory.Api.Streams;

/// <summary>Ticket values and the key their grain is found under.</summary>
public static class StreamTickets
{
    public const string QueryName = "ticket";
    public const string Prefix = "tkt_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The SHA-256 of the ticket: grains, logs and traces only ever see this.</summary>
    public static string KeyOf(string ticket) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ticket))).ToLowerInvariant();
}
