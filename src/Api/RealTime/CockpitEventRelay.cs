using DashboardFactory.Alerts;
using DashboardFactory.Cockpits;
using Microsoft.AspNetCore.SignalR;
using DashboardFactory.Api.Watching;
using Orleans.Streams;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// This API node's bridge from cockpit updates and alerts to its own SignalR groups. Updates come from the node's
/// <see cref="CockpitUpdateFeed"/>, which holds a lease on each cockpit a local connection watches, so only watched
/// cockpits send anything; alerts travel on a fixed set of partition streams (<see cref="CockpitStreams"/>), which the
/// node subscribes to when its first connection joins a cockpit and forwards those of cockpits its connections watch.
/// Other nodes do the same for their clients, so no backplane is needed.
/// </summary>
public sealed partial class CockpitEventRelay(
    IClusterClient cluster,
    CockpitUpdateFeed feed,
    IHubContext<CockpitHub, ICockpitClient> hub,
    ILogger<CockpitEventRelay> logger) : IHostedService, ICockpitUpdateSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _watchers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _joinedBy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<RelayListener<CockpitUpdated>>> _listeners = new(StringComparer.Ordinal);
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

    public void Connected(string connectionId)
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

    /// <summary>An update of a cockpit this node watches, from the feed: forwarded without waiting for the send.</summary>
    public void Deliver(CockpitUpdated update) => _ = ForwardAsync(update);

    /// <summary>
    /// A watcher that is not a hub connection (a GraphQL subscription): counted like a connection that joined the
    /// cockpit, with its own queue of the cockpit's updates, from when this returns until it is disposed. The
    /// caller checks that the watcher may read the cockpit.
    /// </summary>
    public async Task<RelayListener<CockpitUpdated>> ListenAsync(string cockpitId)
    {
        var connectionId = "listener:" + Guid.NewGuid().ToString("N");
        var listener = new RelayListener<CockpitUpdated>(cockpitId, async l =>
        {
            lock (_gate)
            {
                if (_listeners.TryGetValue(l.Key, out var set) && set.Remove(l) && set.Count == 0)
                {
                    _listeners.Remove(l.Key);
                }
            }

            await DisconnectedAsync(connectionId);
        });
        Connected(connectionId);
        lock (_gate)
        {
            if (!_listeners.TryGetValue(cockpitId, out var set))
            {
                _listeners[cockpitId] = set = [];
            }

            set.Add(listener);
        }

        try
        {
            await JoinAsync(connectionId, cockpitId);
            return listener;
        }
        catch
        {
            await listener.DisposeAsync();
            throw;
        }
    }

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

    private bool IsWatched(string cockpitId)
    {
        lock (_gate)
        {
            return _watchers.ContainsKey(cockpitId);
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
        if (!IsWatched(update.CockpitId))
        {
            return;
        }

        RelayListener<CockpitUpdated>[] listeners;
        lock (_gate)
        {
            listeners = _listeners.TryGetValue(update.CockpitId, out var set) ? [.. set] : [];
        }

        foreach (var listener in listeners)
        {
            listener.Offer(update);
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
        if (alert.CockpitId is not { } cockpitId || !IsWatched(cockpitId))
        {
            return;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving cockpit alerts on {Partitions} partition streams")]
    private partial void LogSubscribed(int partitions);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watching cockpit {CockpitId}: the first local connection joined")]
    private partial void LogWatching(string cockpitId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No longer watching cockpit {CockpitId}: the last local connection left")]
    private partial void LogNotWatching(string cockpitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release this node's cockpit stream subscriptions")]
    private partial void LogUnsubscribeFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward an update of cockpit {CockpitId} to its SignalR group")]
    private partial void LogForwardFailed(Exception error, string cockpitId);
}
