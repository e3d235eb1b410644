using DashboardFactory.Alerts;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Api.Watching;
using DashboardFactory.Cockpits;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// This node's source of cockpit SSE streams: takes each watched cockpit's updates from the node's
/// <see cref="CockpitUpdateFeed"/> (one count on it per cockpit with an open or recently closed stream) and its alerts
/// from the alert partition streams (subscribed when the first stream opens), and hands each event to the streams
/// open on it, keeping the last few per cockpit so a client that reconnects with Last-Event-ID gets what it missed. A
/// cockpit stays buffered, and watched, for Streams:ResumeGrace after its last stream closes.
/// </summary>
public sealed partial class CockpitStreamRelay(
    IClusterClient cluster,
    CockpitUpdateFeed feed,
    IOptions<StreamsOptions> options,
    TimeProvider time,
    ILogger<CockpitStreamRelay> logger) : IHostedService, ICockpitUpdateSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private readonly List<StreamSubscriptionHandle<AlertEvent>> _alertHandles = [];
    private volatile bool _subscribed;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _subscribing.WaitAsync(cancellationToken);
        try
        {
            await Task.WhenAll(_alertHandles.Select(h => h.UnsubscribeAsync())).WaitAsync(cancellationToken);
        }
        catch (Exception error)
        {
            LogUnsubscribeFailed(error);
        }
        finally
        {
            _alertHandles.Clear();
            _subscribed = false;
            _subscribing.Release();
        }
    }

    /// <summary>Opens a listener; once this returns, no event of the cockpit is missed.</summary>
    public async Task<CockpitListener> ListenAsync(string cockpitId)
    {
        await EnsureSubscribedAsync();
        var listener = new CockpitListener(cockpitId, Release);
        Task lease;
        List<string> forgotten;
        lock (_gate)
        {
            forgotten = Forget();
            if (!_watches.TryGetValue(cockpitId, out var watch))
            {
                _watches[cockpitId] = watch = new Watch(CockpitStreamEvent.IdAt(time.GetUtcNow()));
                watch.Lease = WatchAsync(cockpitId);
            }
            else if (watch.Lease.IsFaulted)
            {
                // Its lease failed (and its count was given back then): taken again.
                watch.Lease = WatchAsync(cockpitId);
            }

            watch.Listeners.Add(listener);
            lease = watch.Lease;
        }

        foreach (var id in forgotten)
        {
            feed.Unwatch(id);
        }

        try
        {
            await lease;
        }
        catch
        {
            Release(listener);
            throw;
        }

        return listener;
    }

    /// <summary>An update of a cockpit this node watches, from the feed.</summary>
    public void Deliver(CockpitUpdated update) =>
        Publish(update.CockpitId, update.UpdatedAt, CockpitStreamEvent.CockpitUpdated, CockpitUpdatedMessage.From(update));

    /// <summary>
    /// The buffered events after <paramref name="afterId"/>, and whether they are all of them: false when this node
    /// was not watching the cockpit then, or the buffer has moved past it.
    /// </summary>
    public (IReadOnlyList<CockpitStreamEvent> Events, bool Complete) Replay(string cockpitId, long afterId)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(cockpitId, out var watch))
            {
                return ([], false);
            }

            return ([.. watch.Buffer.Where(e => e.Id > afterId)], afterId >= watch.CoveredFrom);
        }
    }

    private void Release(CockpitListener listener)
    {
        lock (_gate)
        {
            if (_watches.TryGetValue(listener.CockpitId, out var watch) && watch.Listeners.Remove(listener) && watch.Listeners.Count == 0)
            {
                watch.IdleSince = time.GetUtcNow();
            }
        }
    }

    private void Publish(string cockpitId, DateTimeOffset at, string name, object data)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(cockpitId, out var watch))
            {
                return;
            }

            var e = new CockpitStreamEvent(Math.Max(CockpitStreamEvent.IdAt(at), watch.LastId + 1), name, data);
            watch.LastId = e.Id;
            watch.Buffer.Enqueue(e);
            while (watch.Buffer.Count > options.Value.ReplayBufferSize)
            {
                watch.CoveredFrom = watch.Buffer.Dequeue().Id;
            }

            foreach (var listener in watch.Listeners)
            {
                listener.Deliver(e);
            }
        }
    }

    /// <summary>The feed's count for one SSE watch; a failed lease gives the count back at once.</summary>
    private async Task WatchAsync(string cockpitId)
    {
        try
        {
            await feed.WatchAsync(cockpitId);
        }
        catch
        {
            feed.Unwatch(cockpitId);
            throw;
        }
    }

    /// <summary>Drops cockpits nobody has streamed for longer than the resume grace (under the lock); the caller gives their counts back to the feed.</summary>
    private List<string> Forget()
    {
        var before = time.GetUtcNow() - options.Value.ResumeGrace;
        var forgotten = _watches.Where(w => w.Value.Listeners.Count == 0 && w.Value.IdleSince < before).Select(w => w.Key).ToList();
        List<string> leased = [];
        foreach (var id in forgotten)
        {
            if (_watches.Remove(id, out var watch) && watch.Lease.IsCompletedSuccessfully)
            {
                leased.Add(id);
            }
        }

        return leased;
    }

    private async Task EnsureSubscribedAsync()
    {
        if (_subscribed)
        {
            return;
        }

        await _subscribing.WaitAsync();
        try
        {
            if (_subscribed)
            {
                return;
            }

            var streams = cluster.GetStreamProvider(ProviderNames.Streams);
            foreach (var key in CockpitStreams.AllKeys().Skip(_alertHandles.Count))
            {
                _alertHandles.Add(await streams.GetStream<AlertEvent>(StreamId.Create(StreamNamespaces.CockpitAlerts, key))
                    .SubscribeAsync((alert, _) => OnAlert(alert)));
            }

            _subscribed = true;
            LogSubscribed(CockpitStreams.Partitions);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private Task OnAlert(AlertEvent alert)
    {
        if (alert.CockpitId is { } cockpitId)
        {
            Publish(cockpitId, alert.At, CockpitStreamEvent.Alert, AlertMessage.From(alert));
        }

        return Task.CompletedTask;
    }

    private sealed class Watch(long startedAt)
    {
        public List<CockpitListener> Listeners { get; } = [];

        public Queue<CockpitStreamEvent> Buffer { get; } = new();

        /// <summary>Every event with a larger id is in the buffer.</summary>
        public long CoveredFrom { get; set; } = startedAt;

        public long LastId { get; set; }

        public DateTimeOffset IdleSince { get; set; } = DateTimeOffset.MaxValue;

        /// <summary>The feed's lease on the cockpit, taken when the watch began.</summary>
        public Task Lease { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cockpit SSE streams: receiving cockpit alerts on {Partitions} partition streams")]
    private partial void LogSubscribed(int partitions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release this node's cockpit SSE stream subscriptions")]
    private partial void LogUnsubscribeFailed(Exception error);
}
