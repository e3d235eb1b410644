using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace DashboardFactory.Bench.Reads;

/// <summary>
/// One System.Diagnostics.Metrics instrument of another process, read over EventPipe from the runtime's
/// "System.Diagnostics.Metrics" event source: the way <c>dotnet-counters</c> reads it. An in-process
/// <c>MeterListener</c> cannot see the child API's meters, and this needs no change to the product: the API
/// process aggregates the instrument and publishes each time series once per refresh interval. Derived readers
/// take the published values of their kind (<see cref="RemoteCounter"/>, <see cref="RemoteHistogram"/>).
/// </summary>
public abstract class RemoteInstrument : IAsyncDisposable
{
    private const string Provider = "System.Diagnostics.Metrics";

    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly string _meter;
    private readonly string _instrument;
    private EventPipeSession? _session;
    private EventPipeEventSource? _source;
    private Task? _processing;
    private long _collections;

    protected RemoteInstrument(string meter, string instrument)
    {
        _meter = meter;
        _instrument = instrument;
    }

    /// <summary>A problem the event source reported (e.g. the time-series limit), or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Opens the session on process <paramref name="pid"/> and returns once its first collection came.</summary>
    protected async Task StartAsync(int pid, TimeSpan interval, int maxTimeSeries)
    {
        var provider = new EventPipeProvider(Provider, EventLevel.Informational, keywords: 0x3 /* Messages | TimeSeriesValues */,
            arguments: new Dictionary<string, string>
            {
                ["SessionId"] = _sessionId,
                ["Metrics"] = $"{_meter}\\{_instrument}",
                ["RefreshInterval"] = interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["MaxTimeSeries"] = maxTimeSeries.ToString(CultureInfo.InvariantCulture),
                ["MaxHistograms"] = "10",
            });
        _session = new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false, circularBufferMB: 64);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _processing = Task.Run(() => _source.Process());

        // The first collection says the session is live, so nothing measured later is missed.
        await WaitForCollectionsAsync(1, TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Returns once every measurement made before the call has been published: two more collection ends, since the
    /// interval running at the call may have been snapshotted just before it.
    /// </summary>
    protected Task SettleAsync() => WaitForCollectionsAsync(2, TimeSpan.FromSeconds(30));

    /// <summary>One published value of this instrument: a "CounterRateValuePublished", "HistogramValuePublished"... event.</summary>
    protected abstract void OnPublished(TraceEvent data);

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
            case "Collection/Stop" or "CollectionStop": // TraceEvent names it by task and opcode
                Interlocked.Increment(ref _collections);
                break;
            case "TimeSeriesLimitReached" or "HistogramLimitReached":
                Error = $"{data.EventName}: values of further time series are lost";
                break;
            case "Error" or "MultipleSessionsNotSupportedError" or "MultipleSessionsConfiguredIncorrectlyError":
                Error = $"{data.EventName}: {data.PayloadByName("errorMessage") ?? data.FormattedMessage}";
                break;
            default:
                if (data.PayloadByName("meterName") as string == _meter && data.PayloadByName("instrumentName") as string == _instrument)
                {
                    OnPublished(data);
                }

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
        GC.SuppressFinalize(this);
    }
}
