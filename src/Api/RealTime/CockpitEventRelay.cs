using DashboardFactory.Alerts;
using DashboardFactory.Cockpits;
using Microsoft.AspNetCore.SignalR;
using DashboardFactory.Api.Watching;
using Orleans.Streams;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// This API node's bridge from cockpit updates and alerts to its own SignalR groups and other watchers. Updates come
/// from the node's <see cref="CockpitUpdateFeed"/>, which holds a lease on each cockpit a local watcher follows, so
/// only watched cockpits send anything here; alerts travel on a fixed set of partition streams
/// (<see cref="CockpitStreams"/>), which the node subscribes to when its first watcher joins and filters by the
/// cockpits its watchers follow. Hub connections, SSE streams (<see cref="Streams.CockpitStreamRelay"/>) and GraphQL
/// subscriptions all watch through it, so the node holds one lease per cockpit whichever transport its clients use.
/// Other nodes do the same for their clients, so no backplane is needed.
/// </summary>
public sealed partial class CockpitEventRelay(
    IClusterClient cluster,
    CockpitUpdateFeed feed,
    IHubContext<CockpitHub, ICockpitClient> hub,
    ILogger<CockpitEventRelay> logger) : IHostedService, IHubConnectionLifetime, ICockpitUpdateSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _joinedBy = new(StringComparer.Ordinal);
    /// <summary>Replaced, never changed, so forwarding hands events on without copying them under the lock.</summary>
    private readonly Dictionary<string, ICockpitEventListener[]> _listeners = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribing = new(1, 1);
    private readonly List<StreamSubscriptionHandle<AlertEvent>> _alertHandles = [];
    private volatile bool _subscribed;

    /// <summary>Cockpits at least one connection on this node watches right now.</summary>
    public int WatchedCockpits
    {
        get
        {
            lock (_gate)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Alert partition streams this node is subscribed to.</summary>
    public int StreamSubscriptions => _alertHandles.Count;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Releases the node's subscriptions, so the streams stop addressing a node that is gone.</summary>
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

    public Task ConnectedAsync(HubCallerContext connection)
    {
        Connected(connection.ConnectionId);
        return Task.CompletedTask;
    }

    private void Connected(string connectionId)
    {
        lock (_gate)
        {
            _joinedBy.TryAdd(connectionId, new HashSet<string>(StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// Counts the connection as a watcher of the cockpit once the node holds a lease on the cockpit's updates, so no
    /// change after this returns is missed. False when the connection is already gone (a join that raced its own
    /// disconnect).
    /// </summary>
    public async Task<bool> JoinAsync(string connectionId, string cockpitId)
    {
        await EnsureSubscribedAsync();
        Task lease;
        lock (_gate)
        {
            if (!_joinedBy.TryGetValue(connectionId, out var joined))
            {
                return false;
            }

            if (!joined.Add(cockpitId))
            {
                return true;
            }

            _watchers[cockpitId] = _watchers.GetValueOrDefault(cockpitId) + 1;
            if (_watchers[cockpitId] == 1)
            {
                LogWatching(cockpitId);
            }

            // Counted on the feed under this lock, so a disconnect racing this join releases exactly what it took.
            lease = feed.WatchAsync(cockpitId);
        }

        try
        {
            await lease;
        }
        catch
        {
            // Not watching after all (unless the connection already went, which released it).
            await LeaveAsync(connectionId, cockpitId);
            throw;
        }

        return true;
    }

    public Task LeaveAsync(string connectionId, string cockpitId)
    {
        lock (_gate)
        {
            if (_joinedBy.TryGetValue(connectionId, out var joined) && joined.Remove(cockpitId))
            {
                Release(cockpitId);
            }
        }

        return Task.CompletedTask;
    }

    public Task DisconnectedAsync(string connectionId)
    {
        lock (_gate)
        {
            if (_joinedBy.Remove(connectionId, out var joined))
            {
                foreach (var cockpitId in joined)
                {
                    Release(cockpitId);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A watcher that is not a hub connection (an SSE stream): counted like a connection that joined the cockpit, and
    /// handed the cockpit's updates and alerts, from when this returns until the result is disposed. The caller
    /// checks that the watcher may read the cockpit.
    /// </summary>
    public async Task<IAsyncDisposable> WatchAsync(string cockpitId, ICockpitEventListener listener)
    {
        var watch = new Watch(this, cockpitId, listener);
        Connected(watch.ConnectionId);
        lock (_gate)
        {
            _listeners[cockpitId] = _listeners.TryGetValue(cockpitId, out var others) ? [.. others, listener] : [listener];
        }

        try
        {
            await JoinAsync(watch.ConnectionId, cockpitId);
            return watch;
        }
        catch
        {
            await watch.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A GraphQL subscription's queue of the cockpit's updates, counted like a connection that joined the cockpit until
    /// disposed. The caller checks that the watcher may read the cockpit.
    /// </summary>
    public async Task<RelayListener<CockpitUpdated>> ListenAsync(string cockpitId)
    {
        IAsyncDisposable? watch = null;
        var listener = new RelayListener<CockpitUpdated>(cockpitId, async _ =>
        {
            if (watch is not null)
            {
                await watch.DisposeAsync();
            }
        });
        watch = await WatchAsync(cockpitId, new UpdatesOnly(listener));
        return listener;
    }

    /// <summary>An update of a cockpit this node watches, from the feed: forwarded without waiting for the send.</summary>
    public void Deliver(CockpitUpdated update) => _ = ForwardAsync(update);

    /// <summary>One watcher fewer (under the lock); each join's count on the feed goes with it.</summary>
    private void Release(string cockpitId)
    {
        feed.Unwatch(cockpitId);
        if (--_watchers[cockpitId] == 0)
        {
            _watchers.Remove(cockpitId);
            LogNotWatching(cockpitId);
        }
    }

    /// <summary>The cockpit's non-hub listeners, or null when no watcher of this node follows it.</summary>
    private ICockpitEventListener[]? ListenersOf(string cockpitId)
    {
        lock (_gate)
        {
            return !_watchers.ContainsKey(cockpitId) ? null : _listeners.GetValueOrDefault(cockpitId) ?? [];
        }
    }

    private void Forget(Watch watch)
    {
        lock (_gate)
        {
            if (!_listeners.TryGetValue(watch.CockpitId, out var listeners))
            {
                return;
            }

            var at = Array.IndexOf(listeners, watch.Listener);
            if (at < 0)
            {
                return;
            }

            if (listeners.Length == 1)
            {
                _listeners.Remove(watch.CockpitId);
            }
            else
            {
                _listeners[watch.CockpitId] = [.. listeners[..at], .. listeners[(at + 1)..]];
            }
        }
    }

    /// <summary>Subscribes to every alert partition once; a partial failure keeps what succeeded and the next join retries the rest.</summary>
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
                _alertHandles.Add(await streams.GetStream<AlertEvent>(StreamId.Create(StreamNamespaces.CockpitAlerts, key)).SubscribeAsync((alert, _) => ForwardAlertAsync(alert)));
            }

            _subscribed = true;
            LogSubscribed(CockpitStreams.Partitions);
        }
        finally
        {
            _subscribing.Release();
        }
    }

    private async Task ForwardAsync(CockpitUpdated update)
    {
        if (ListenersOf(update.CockpitId) is not { } listeners)
        {
            return;
        }

        foreach (var listener in listeners)
        {
            listener.OnUpdated(update);
        }

        // Never throw back into the feed: a browser that misses one update reloads on the next.
        try
        {
            await hub.Clients.Group(CockpitHub.CockpitGroup(update.CockpitId)).CockpitUpdated(CockpitUpdatedMessage.From(update));
        }
        catch (Exception error)
        {
            LogForwardFailed(error, update.CockpitId);
        }
    }

    private async Task ForwardAlertAsync(AlertEvent alert)
    {
        if (alert.CockpitId is not { } cockpitId || ListenersOf(cockpitId) is not { } listeners)
        {
            return;
        }

        foreach (var listener in listeners)
        {
            listener.OnAlert(alert);
        }

        try
        {
            await hub.Clients.Group(CockpitHub.CockpitGroup(cockpitId)).Alert(AlertMessage.From(alert));
        }
        catch (Exception error)
        {
            LogForwardFailed(error, cockpitId);
        }
    }

    /// <summary>A non-hub watcher's place: a connection of its own, so it counts like one; disposing it lets go.</summary>
    private sealed class Watch(CockpitEventRelay relay, string cockpitId, ICockpitEventListener listener) : IAsyncDisposable
    {
        private int _disposed;

        public string ConnectionId { get; } = "listener:" + Guid.NewGuid().ToString("N");

        public string CockpitId => cockpitId;

        public ICockpitEventListener Listener => listener;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                relay.Forget(this);
                await relay.DisconnectedAsync(ConnectionId);
            }
        }
    }

    /// <summary>A GraphQL cockpit subscription takes the updates; alerts reach GraphQL through the admins' alert relay.</summary>
    private sealed class UpdatesOnly(RelayListener<CockpitUpdated> listener) : ICockpitEventListener
    {
        public void OnUpdated(CockpitUpdated update) => listener.Offer(update);

        public void OnAlert(AlertEvent alert)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving cockpit alerts on {Partitions} partition streams")]
    private partial void LogSubscribed(int partitions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watching cockpit {CockpitId}: the first local connection joined")]
    private partial void LogWatching(string cockpitId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No longer watching cockpit {CockpitId}: the last local connection left")]
    private partial void LogNotWatching(string cockpitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release this node's cockpit alert stream subscriptions")]
    private partial void LogUnsubscribeFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward an update of cockpit {CockpitId} to its SignalR group")]
    private partial void LogForwardFailed(Exception error, string cockpitId);
}
