using System.Diagnostics;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// One side of one measurement (our server or the bare one, one transport and protocol, N clients): when each point
/// was posted and when each client received it. Points carry their sequence number as the value, and a kpiValue's
/// "last" is the newest point of its bucket, so a receipt of s delivers every point up to s that the client had not
/// seen: a point merged into a coalesced push counts from its POST to the arrival of that push. Each client's
/// receipts come from one connection, one at a time, so its slots need no lock.
/// </summary>
public sealed class Receipts
{
    private readonly long[] _sent;
    private readonly long[] _highest;
    private readonly List<double>[] _latencies;
    private readonly int _warmup;

    public Receipts(int clients, int points, int warmup)
    {
        _sent = new long[points + 1];
        _highest = new long[clients];
        _latencies = [.. Enumerable.Range(0, clients).Select(_ => new List<double>(points))];
        _warmup = warmup;
    }

    public int Clients => _highest.Length;

    /// <summary>Just before the POST of point <paramref name="seq"/> is sent.</summary>
    public void Sent(long seq) => Volatile.Write(ref _sent[seq], Stopwatch.GetTimestamp());

    public void Received(int client, long last)
    {
        var at = Stopwatch.GetTimestamp();
        var highest = _highest[client];
        if (last <= highest || last >= _sent.Length)
        {
            return;
        }

        for (var seq = highest + 1; seq <= last; seq++)
        {
            var sent = Volatile.Read(ref _sent[seq]);
            if (seq > _warmup && sent != 0)
            {
                _latencies[client].Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
            }
        }

        Volatile.Write(ref _highest[client], last);
    }

    /// <summary>How many clients have everything up to <paramref name="seq"/>.</summary>
    public int ClientsAtLeast(long seq) => _highest.Count(h => Volatile.Read(ref h) >= seq);

    /// <summary>Measured points a client never received, over all clients, counting points up to <paramref name="lastSent"/>.</summary>
    public long Lost(long lastSent) => _highest.Sum(h => Math.Max(0, lastSent - Math.Max(h, _warmup)));

    public double[] Samples() => [.. _latencies.SelectMany(l => l).Order()];
}
