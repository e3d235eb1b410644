using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace DashboardFactory.Bench.Reads;

/// <summary>
/// Sums one System.Diagnostics.Metrics counter of another process, read over EventPipe from the runtime's
/// "System.Diagnostics.Metrics" event source: the way <c>dotnet-counters</c> reads it. An in-process
/// <c>MeterListener</c> cannot see the child API's meters, and this needs no change to the product: the API
/// process aggregates the counter and publishes each time series' delta once per refresh interval.
/// </summary>
public sealed class RemoteCounter : IAsyncDisposable
{
    private const string Provider = "System.Diagnostics.Metrics";

    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly string _meter;
    private readonly string _instrument;
    private readonly object _gate = new();
    private EventPipeSession? _session;
    private EventPipeEventSource? _source;
    private Task? _processing;
    private double _total;
    private long _collections;

    private RemoteCounter(string meter, string instrument)
    {
        _meter = meter;
        _instrument = instrument;
    }

    /// <summary>A problem the event source reported (e.g. the time-series limit), or null.</summary>
    public string? Error { get; private set; }

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

    public static async Task<RemoteCounter> StartAsync(int pid, string meter, string instrument, TimeSpan interval, int maxTimeSeries)
    {
        var counter = new RemoteCounter(meter, instrument);
        var provider = new EventPipeProvider(Provider, EventLevel.Informational, keywords: 0x3 /* Messages | TimeSeriesValues */,
            arguments: new Dictionary<string, string>
            {
                ["SessionId"] = counter._sessionId,
                ["Metrics"] = $"{meter}\\{instrument}",
                ["RefreshInterval"] = interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                // The counter is tagged with the cockpit id: one time series per cockpit read.
                ["MaxTimeSeries"] = maxTimeSeries.ToString(CultureInfo.InvariantCulture),
                ["MaxHistograms"] = "10",
            });
        counter._session = new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false, circularBufferMB: 64);
        counter._source = new EventPipeEventSource(counter._session.EventStream);
        counter._source.Dynamic.All += counter.OnEvent;
        counter._processing = Task.Run(() => counter._source.Process());

        // The first collection says the session is live, so nothing counted later is missed.
        await counter.WaitForCollectionsAsync(1, TimeSpan.FromSeconds(30));
        return counter;
    }

    /// <summary>
    /// Returns the total once every measurement made before the call has been published: two more collection
    /// ends, since the interval running at the call may have been snapshotted just before it.
    /// </summary>
    public async Task<double> SettledTotalAsync()
    {
        await WaitForCollectionsAsync(2, TimeSpan.FromSeconds(30));
        return Total;
    }

    private async Task WaitForCollectionsAsync(int more, TimeSpan timeout)
    {
        var target = Interlocked.Read(ref _collections) + more;
        var deadline = DateTime.UtcNow + timeout;
        while (Interlocked.Read(ref _collections) < target)
        {
            if (_processing is { IsCompleted: true } || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"no {Provider} collection from the API within {timeout.TotalSeconds:F0} s" +
                                                    (Error is null ? "" : $": {Error}"));
            }

            await Task.Delay(25);
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.ProviderName != Provider || data.PayloadByName("sessionId") as string != _sessionId)
        {
            return;
        }

        switch (data.EventName)
        {
            case "CounterRateValuePublished"
                when data.PayloadByName("meterName") as string == _meter && data.PayloadByName("instrumentName") as string == _instrument:
                // "rate" is the delta of this time series over the interval, despite its name.
                if (double.TryParse(data.PayloadByName("rate") as string, NumberStyles.Float, CultureInfo.InvariantCulture, out var delta))
                {
                    lock (_gate)
                    {
                        _total += delta;
                    }
                }

                break;
            case "Collection/Stop" or "CollectionStop": // TraceEvent names it by task and opcode
                Interlocked.Increment(ref _collections);
                break;
            case "TimeSeriesLimitReached" or "HistogramLimitReached":
                Error = $"{data.EventName}: deltas of further time series are lost";
                break;
            case "Error" or "MultipleSessionsNotSupportedError" or "MultipleSessionsConfiguredIncorrectlyError":
                Error = $"{data.EventName}: {data.PayloadByName("errorMessage") ?? data.FormattedMessage}";
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _session?.Stop();
        }
        catch (Exception error) when (error is ServerNotAvailableException or IOException or TimeoutException or EndOfStreamException)
        {
            // The API has already exited.
        }

        if (_processing is not null)
        {
            await _processing.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _source?.Dispose();
        _session?.Dispose();
    }
}
