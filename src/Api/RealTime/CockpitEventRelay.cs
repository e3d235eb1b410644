using DashboardFactory.Alerts;
using DashboardFactory.Cockpits;
using Microsoft.AspNetCore.SignalR;
using Orleans.Streams;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// This API node's bridge from cockpit event streams to its own SignalR groups. The node subscribes to a
/// cockpit's stream when the first local connection joins it and unsubscribes when the last one leaves or
/// drops; other nodes do the same for their clients, so no backplane is needed.
/// </summary>
/// <remarks>
/// Counts change synchronously under one lock; the slow subscribe/unsubscribe calls run outside it, one at
/// a time per cockpit, and each makes the subscription match the count as it is then. Whatever the order
/// of concurrent joins and leaves, the last one to finish leaves the subscription matching the final count.
/// </remarks>
public sealed partial class CockpitEventRelay(
    IClusterClient cluster,
    IHubContext<CockpitHub, ICockpitClient> hub,
    ILogger<CockpitEventRelay> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _joinedBy = new(StringComparer.Ordinal);
    private int _subscriptions;

    /// <summary>Cockpit streams this node is subscribed to right now.</summary>
    public int ActiveSubscriptions => Volatile.Read(ref _subscriptions);

    public void Connected(string connectionId)
    {
        lock (_gate)
        {
            _joinedBy.TryAdd(connectionId, new HashSet<string>(StringComparer.Ordinal));
        }
    }

    /// <summary>False when the connection is already gone (a join that raced its own disconnect).</summary>
    public async Task<bool> JoinAsync(string connectionId, string cockpitId)
    {
        Watch watch;
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

            if (!_watches.TryGetValue(cockpitId, out watch!))
            {
                watch = new Watch(cockpitId);
                _watches.Add(cockpitId, watch);
            }

            watch.Connections++;
        }

        try
        {
            await ReconcileAsync(watch);
            return true;
        }
        catch
        {
            await LeaveAsync(connectionId, cockpitId);
            throw;
        }
    }

    public async Task LeaveAsync(string connectionId, string cockpitId)
    {
        Watch watch;
        lock (_gate)
        {
            if (!_joinedBy.TryGetValue(connectionId, out var joined) || !joined.Remove(cockpitId))
            {
                return;
            }

            watch = _watches[cockpitId];
            watch.Connections--;
        }

        await ReconcileQuietlyAsync(watch);
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        List<Watch> released;
        lock (_gate)
        {
            if (!_joinedBy.Remove(connectionId, out var joined))
            {
                return;
            }

            released = [.. joined.Select(id => _watches[id])];
            foreach (var watch in released)
            {
                watch.Connections--;
            }
        }

        foreach (var watch in released)
        {
            await ReconcileQuietlyAsync(watch);
        }
    }

    private async Task ReconcileAsync(Watch watch)
    {
        await watch.Busy.WaitAsync();
        try
        {
            bool wanted;
            lock (_gate)
            {
                wanted = watch.Connections > 0;
            }

            if (wanted && watch.Handle is null)
            {
                var id = watch.CockpitId;
                var streams = cluster.GetStreamProvider(ProviderNames.Streams);
                watch.AlertHandle ??= await streams
                    .GetStream<AlertEvent>(StreamId.Create(StreamNamespaces.CockpitAlerts, id))
                    .SubscribeAsync((alert, _) => ForwardAlertAsync(id, alert));
                watch.Handle = await streams
                    .GetStream<CockpitUpdated>(StreamId.Create(StreamNamespaces.CockpitEvents, id))
                    .SubscribeAsync((update, _) => ForwardAsync(id, update));
                Interlocked.Increment(ref _subscriptions);
                LogSubscribed(id);
            }
            else if (!wanted && watch.Handle is not null)
            {
                if (watch.AlertHandle is not null)
                {
                    await watch.AlertHandle.UnsubscribeAsync();
                    watch.AlertHandle = null;
                }

                await watch.Handle.UnsubscribeAsync();
                watch.Handle = null;
                Interlocked.Decrement(ref _subscriptions);
                LogUnsubscribed(watch.CockpitId);
            }

            if (watch.Handle is null)
            {
                lock (_gate)
                {
                    // A joiner that found this watch has already counted itself, so 0 means nobody holds it.
                    if (watch.Connections == 0 && _watches.GetValueOrDefault(watch.CockpitId) == watch)
                    {
                        _watches.Remove(watch.CockpitId);
                    }
                }
            }
        }
        finally
        {
            watch.Busy.Release();
        }
    }

    /// <summary>For leaves: a failed unsubscribe keeps the handle, so the next join reuses it and the next leave retries.</summary>
    private async Task ReconcileQuietlyAsync(Watch watch)
    {
        try
        {
            await ReconcileAsync(watch);
        }
        catch (Exception error)
        {
            LogReconcileFailed(error, watch.CockpitId);
        }
    }

    private async Task ForwardAsync(string cockpitId, CockpitUpdated update)
    {
        // Never throw back into the stream: a browser that misses one update reloads on the next.
        try
        {
            await hub.Clients.Group(CockpitHub.CockpitGroup(cockpitId)).CockpitUpdated(CockpitUpdatedMessage.From(update));
        }
        catch (Exception error)
        {
            LogForwardFailed(error, cockpitId);
        }
    }

    private async Task ForwardAlertAsync(string cockpitId, AlertEvent alert)
    {
        try
        {
            await hub.Clients.Group(CockpitHub.CockpitGroup(cockpitId)).Alert(AlertMessage.From(alert));
        }
        catch (Exception error)
        {
            LogForwardFailed(error, cockpitId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watching cockpit {CockpitId}: the first local connection joined")]
    private partial void LogSubscribed(string cockpitId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No longer watching cockpit {CockpitId}: the last local connection left")]
    private partial void LogUnsubscribed(string cockpitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not align the stream subscription of cockpit {CockpitId} with its watchers")]
    private partial void LogReconcileFailed(Exception error, string cockpitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward an update of cockpit {CockpitId} to its SignalR group")]
    private partial void LogForwardFailed(Exception error, string cockpitId);

    /// <summary>One cockpit watched from this node. Connections is guarded by the relay's lock, Handle by Busy.</summary>
    private sealed class Watch(string cockpitId)
    {
        public string CockpitId { get; } = cockpitId;

        public SemaphoreSlim Busy { get; } = new(1, 1);

        public int Connections { get; set; }

        public StreamSubscriptionHandle<CockpitUpdated>? Handle { get; set; }

        /// <summary>The cockpit's alerts (e.g. a rolled-back widget); subscribed and released with Handle.</summary>
        public StreamSubscriptionHandle<AlertEvent>? AlertHandle { get; set; }
    }
}
