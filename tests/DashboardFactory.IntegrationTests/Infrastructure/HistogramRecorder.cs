using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DashboardFactory.Telemetry;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// The values one of the product's histograms records in this process while the recorder lives, with their
/// <c>path</c> tag when they have one. Process-wide: tests running at the same time may add values of their own.
/// </summary>
public sealed class HistogramRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string? Path, double Value)> _values = new();

    public HistogramRecorder(string instrument)
    {
        _listener.InstrumentPublished = (candidate, listener) =>
        {
            if (candidate.Meter.Name == FactoryMetrics.MeterName && candidate.Name == instrument)
            {
                listener.EnableMeasurementEvents(candidate);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? path = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "path")
                {
                    path = tag.Value as string;
                }
            }

            _values.Enqueue((path, value));
        });
        _listener.Start();
    }

    public IReadOnlyList<double> All => [.. _values.Select(v => v.Value)];

    public IReadOnlyList<double> Of(string path) => [.. _values.Where(v => v.Path == path).Select(v => v.Value)];

    public void Dispose() => _listener.Dispose();
}
