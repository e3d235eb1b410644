using System.Diagnostics.Metrics;
using DashboardFactory.Telemetry;

namespace DashboardFactory.Bench;

/// <summary>Counts the in-process silos' cockpit updates to watching nodes by path (push link or observer), from the product's own counter.</summary>
public sealed class UpdatePaths : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _push;
    private long _observer;

    public long Push => Interlocked.Read(ref _push);

    public long Observer => Interlocked.Read(ref _observer);

    public static UpdatePaths Listen()
    {
        var paths = new UpdatePaths();
        paths._listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FactoryMetrics.MeterName && instrument.Name == FactoryMetrics.CockpitUpdatesSent)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        paths._listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "path")
                {
                    Interlocked.Add(ref (tag.Value as string == FactoryMetrics.PushPath ? ref paths._push : ref paths._observer), value);
                }
            }
        });
        paths._listener.Start();
        return paths;
    }

    public void Dispose() => _listener.Dispose();
}
