using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace DashboardFactory.Bench.Reads;

/// <summary>Sums one counter of another process (see <see cref="RemoteInstrument"/>): the deltas of all its time series.</summary>
public sealed class RemoteCounter : RemoteInstrument
{
    private readonly object _gate = new();
    private double _total;

    private RemoteCounter(string meter, string instrument)
        : base(meter, instrument)
    {
    }

    /// <summary>Sum of the deltas published so far (all tag combinations).</summary>
    public double Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <param name="maxTimeSeries">Time series the process keeps: the counter may be tagged with, say, the cockpit id.</param>
    public static async Task<RemoteCounter> StartAsync(int pid, string meter, string instrument, TimeSpan interval, int maxTimeSeries)
    {
        var counter = new RemoteCounter(meter, instrument);
        await counter.StartAsync(pid, interval, maxTimeSeries);
        return counter;
    }

    /// <summary>The total once every measurement made before the call has been published.</summary>
    public async Task<double> SettledTotalAsync()
    {
        await SettleAsync();
        return Total;
    }

    protected override void OnPublished(TraceEvent data)
    {
        // "rate" is the delta of this time series over the interval, despite its name.
        if (data.EventName == "CounterRateValuePublished" &&
            double.TryParse(data.PayloadByName("rate") as string, NumberStyles.Float, CultureInfo.InvariantCulture, out var delta))
        {
            lock (_gate)
            {
                _total += delta;
            }
        }
    }
}
