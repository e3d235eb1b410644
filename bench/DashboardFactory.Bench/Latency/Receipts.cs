using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

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

    /// <summary>
    /// For <see cref="Slowest"/>: each point's wall-clock send time, and the first client's latency, receipt time and
    /// the publish time its push carried (0 until received).
    /// </summary>
    private readonly long[] _sentWall;
    private readonly double[] _firstLatency;
    private readonly long[] _firstAt;
    private readonly long[] _firstPublished;

    public Receipts(int clients, int points, int warmup)
    {
        _sent = new long[points + 1];
        _highest = new long[clients];
        _latencies = [.. Enumerable.Range(0, clients).Select(_ => new List<double>(points))];
        _warmup = warmup;
        _sentWall = new long[points + 1];
        _firstLatency = new double[points + 1];
        _firstAt = new long[points + 1];
        _firstPublished = new long[points + 1];
    }

    public int Clients => _highest.Length;

    /// <summary>Just before the POST of point <paramref name="seq"/> is sent.</summary>
    public void Sent(long seq)
    {
        _sentWall[seq] = DateTime.UtcNow.Ticks;
        Volatile.Write(ref _sent[seq], Stopwatch.GetTimestamp());
    }

    /// <param name="publishedAt">When the server published the push (ISO 8601 text, as a string or a JSON string element), for <see cref="Slowest"/>: read for the first client only; any other form counts as none.</param>
    public void Received(int client, long last, object? publishedAt = null)
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
                var latency = Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds;
                _latencies[client].Add(latency);
                if (client == 0)
                {
                    _firstLatency[seq] = latency;
                    _firstAt[seq] = at;
                    var text = publishedAt switch
                    {
                        string s => s,
                        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                        _ => null,
                    };
                    _firstPublished[seq] = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var published) ? published.UtcTicks : 0;
                }
            }
        }

        Volatile.Write(ref _highest[client], last);
    }

    /// <summary>How many clients have everything up to <paramref name="seq"/>.</summary>
    public int ClientsAtLeast(long seq) => _highest.Count(h => Volatile.Read(ref h) >= seq);

    /// <summary>Measured points a client never received, over all clients, counting points up to <paramref name="lastSent"/>.</summary>
    public long Lost(long lastSent) => _highest.Sum(h => Math.Max(0, lastSent - Math.Max(h, _warmup)));

    /// <summary>
    /// The first client's <paramref name="count"/> slowest measured points: latency, how much of it came before the
    /// server published the push (NaN without one), the predecessor's latency, and the time since the predecessor's
    /// receipt. A point that was slow on its own has a quick predecessor; one slow in a row with its predecessor,
    /// received about one point spacing after it, met the same slow spell (or, with the coalescing rule before
    /// 2026-12-01, was held by the window its late predecessor opened).
    /// </summary>
    public IEnumerable<(long Seq, double Ms, double BeforePublishMs, double PreviousMs, double GapMs)> Slowest(int count) =>
        Enumerable.Range(_warmup + 2, Math.Max(0, _sent.Length - _warmup - 2))
            .Where(seq => _firstAt[seq] != 0 && _firstAt[seq - 1] != 0)
            .OrderByDescending(seq => _firstLatency[seq])
            .Take(count)
            .Select(seq => ((long)seq, _firstLatency[seq],
                _firstPublished[seq] == 0 ? double.NaN : TimeSpan.FromTicks(_firstPublished[seq] - _sentWall[seq]).TotalMilliseconds,
                _firstLatency[seq - 1], Stopwatch.GetElapsedTime(_firstAt[seq - 1], _firstAt[seq]).TotalMilliseconds));

    public double[] Samples() => [.. _latencies.SelectMany(l => l).Order()];
}
