using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace DashboardFactory.Bench.Reads;

/// <summary>
/// One histogram of another process (see <see cref="RemoteInstrument"/>): for each refresh interval and time series,
/// the count and the 50th, 95th and 99th percentiles of the values recorded in it, as the process publishes them.
/// </summary>
public sealed class RemoteHistogram : RemoteInstrument
{
    private readonly object _gate = new();
    private readonly List<Interval> _intervals = [];

    private RemoteHistogram(string meter, string instrument)
        : base(meter, instrument)
    {
    }

    public static async Task<RemoteHistogram> StartAsync(int pid, string meter, string instrument, TimeSpan interval)
    {
        var histogram = new RemoteHistogram(meter, instrument);
        await histogram.StartAsync(pid, interval, maxTimeSeries: 100);
        return histogram;
    }

    /// <summary>The intervals that recorded something, in the order published, once everything recorded before the call is.</summary>
    public async Task<IReadOnlyList<Interval>> SettledAsync()
    {
        await SettleAsync();
        lock (_gate)
        {
            return [.. _intervals];
        }
    }

    protected override void OnPublished(TraceEvent data)
    {
        if (data.EventName != "HistogramValuePublished" || data.PayloadByName("count") is not int count || count == 0)
        {
            return;
        }

        double p50 = double.NaN, p95 = double.NaN, p99 = double.NaN;
        foreach (var quantile in (data.PayloadByName("quantiles") as string ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = quantile.Split('=');
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            switch (parts[0])
            {
                case "0.5": p50 = value; break;
                case "0.95": p95 = value; break;
                case "0.99": p99 = value; break;
            }
        }

        lock (_gate)
        {
            _intervals.Add(new Interval(data.PayloadByName("tags") as string ?? "", count, p50, p95, p99));
        }
    }

    /// <param name="Tags">The time series' tags as published, e.g. "path=push".</param>
    public sealed record Interval(string Tags, int Count, double P50, double P95, double P99);
}
