using DashboardFactory.Kpis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// This API node's side of live KPIs. For each (code, period) its local clients watch (hub connections and SSE
/// streams) it holds one lease on the KPI stream grain, with the count of those clients and the node's
/// <see cref="IKpiObserver"/>, through which the grain sends each event straight here; it renews every lease every
/// ttl/3 and forwards each event to the SignalR group and the SSE listeners. A node that dies stops renewing, so its
/// leases lapse and the grains stop publishing for it.
/// </summary>
/// <remarks>
/// Same discipline as <see cref="CockpitEventRelay"/>: counts change under one lock; the slow calls (lease, release)
/// run outside it, one at a time per key, and each makes the lease match the count as it is then, so the last one to
/// finish leaves it matching the final count. The watch is registered before its lease is taken, so the first event
/// the grain sends finds it.
/// </remarks>
public sealed partial class KpiRelay(
    IClusterClient cluster,
    IHubContext<CockpitHub, ICockpitClient> hub,
    IOptions<KpiStreamOptions> options,
    TimeProvider time,
    ILogger<KpiRelay> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _subscribedBy = new(StringComparer.Ordinal);
    private KpiValueReceiver? _receiver;
    private IKpiObserver? _observer;
    private int _subscriptions;

    /// <summary>Identifies this node's leases; a restarted process is a new node (its old leases just lapse).</summary>
    public string NodeId { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>KPI feeds (code, period) this node receives right now.</summary>
    public int ActiveSubscriptions => Volatile.Read(ref _subscriptions);

    private TimeSpan Ttl => options.Value.LeaseTtl;

    public void Connected(string connectionId)
    {
        lock (_gate)
        {
            _subscribedBy.TryAdd(connectionId, new HashSet<string>(StringComparer.Ordinal));
        }
    }

    /// <summary>False when the connection is already gone (a subscribe that raced its own disconnect).</summary>
    public async Task<bool> SubscribeAsync(string connectionId, string code, KpiPeriod period)
    {
        var key = KpiStreamKey.Format(code, period);
        Watch watch;
        lock (_gate)
        {
            if (!_subscribedBy.TryGetValue(connectionId, out var keys))
            {
                return false;
            }

            if (!keys.Add(key))
            {
                return true;
            }

            watch = WatchOf(key, code, period);
            watch.Connections++;
        }

        try
        {
            await ReconcileAsync(watch, renew: false);
            return true;
        }
        catch
        {
            await UnsubscribeAsync(connectionId, code, period);
            throw;
        }
    }

    public async Task UnsubscribeAsync(string connectionId, string code, KpiPeriod period)
    {
        var key = KpiStreamKey.Format(code, period);
        Watch watch;
        lock (_gate)
        {
            if (!_subscribedBy.TryGetValue(connectionId, out var keys) || !keys.Remove(key))
            {
                return;
            }

            watch = _watches[key];
            watch.Connections--;
        }

        await ReconcileQuietlyAsync(watch, renew: false);
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        List<Watch> released;
        lock (_gate)
        {
            if (!_subscribedBy.Remove(connectionId, out var keys))
            {
                return;
            }

            released = [.. keys.Select(key => _watches[key])];
            foreach (var watch in released)
            {
                watch.Connections--;
            }
        }

        await Task.WhenAll(released.Select(w => ReconcileQuietlyAsync(w, renew: false)));
    }

    /// <summary>
    /// An SSE stream's hold on (code, period): counted like a hub connection, with its own queue of events.
    /// Disposing it keeps the count for <see cref="KpiStreamOptions.SseResumeGrace"/> so a reconnecting client
    /// resumes from the grain's buffer without a gap.
    /// </summary>
    public async Task<KpiListener> ListenAsync(string code, KpiPeriod period)
    {
        var key = KpiStreamKey.Format(code, period);
        var listener = new KpiListener(this, key);
        Watch watch;
        lock (_gate)
        {
            watch = WatchOf(key, code, period);
            watch.AddListener(listener);
        }

        try
        {
            await ReconcileAsync(watch, renew: false);
            return listener;
        }
        catch
        {
            await ReleaseAsync(listener, linger: false);
            throw;
        }
    }

    internal async Task ReleaseAsync(KpiListener listener, bool linger = true)
    {
        Watch watch;
        lock (_gate)
        {
            if (!_watches.TryGetValue(listener.Key, out watch!) || !watch.RemoveListener(listener))
            {
                return;
            }

            linger &= options.Value.SseResumeGrace > TimeSpan.Zero;
            if (linger)
            {
                watch.Lingering++;
            }
        }

        if (linger)
        {
            _ = LingerAsync(watch);
            return;
        }

        await ReconcileQuietlyAsync(watch, renew: false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Ttl / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                List<Watch> leased;
                lock (_gate)
                {
                    leased = [.. _watches.Values];
                }

                await Task.WhenAll(leased.Select(w => ReconcileQuietlyAsync(w, renew: true)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A node that shuts down cleanly gives its leases back rather than letting them lapse.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        List<Watch> leased;
        lock (_gate)
        {
            leased = [.. _watches.Values.Where(w => w.Leased > 0)];
        }

        try
        {
            await Task.WhenAll(leased.Select(w => Grain(w).RenewLeaseAsync(new KpiLease(NodeId, 0, Ttl)))).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception error)
        {
            LogReleaseOnStopFailed(error, leased.Count);
        }
    }

    private Watch WatchOf(string key, string code, KpiPeriod period)
    {
        if (!_watches.TryGetValue(key, out var watch))
        {
            watch = new Watch(key, code, period);
            _watches.Add(key, watch);
        }

        return watch;
    }

    private IKpiStreamGrain Grain(Watch watch) => cluster.GetGrain<IKpiStreamGrain>(watch.Key);

    private async Task LingerAsync(Watch watch)
    {
        try
        {
            await Task.Delay(options.Value.SseResumeGrace, time);
        }
        finally
        {
            lock (_gate)
            {
                watch.Lingering--;
            }

            await ReconcileQuietlyAsync(watch, renew: false);
        }
    }

    private async Task ReconcileAsync(Watch watch, bool renew)
    {
        await watch.Busy.WaitAsync();
        try
        {
            int wanted;
            lock (_gate)
            {
                wanted = watch.Wanted;
            }

            if (wanted > 0 && !watch.Receiving)
            {
                watch.Receiving = true;
                Interlocked.Increment(ref _subscriptions);
                LogSubscribed(watch.Key);
            }

            if (wanted != watch.Leased || (renew && wanted > 0))
            {
                try
                {
                    await Grain(watch).RenewLeaseAsync(new KpiLease(NodeId, wanted, Ttl, wanted > 0 ? Observer() : null));
                    watch.Leased = wanted;
                }
                catch when (wanted == 0)
                {
                    // Letting go failed: the lease lapses by itself within the TTL; do not keep receiving for it.
                    watch.Leased = 0;
                    LogReleaseFailed(watch.Key);
                }
            }

            if (wanted == 0 && watch.Receiving)
            {
                watch.Receiving = false;
                Interlocked.Decrement(ref _subscriptions);
                LogUnsubscribed(watch.Key);
            }

            if (!watch.Receiving)
            {
                lock (_gate)
                {
                    if (watch.Wanted == 0 && _watches.GetValueOrDefault(watch.Key) == watch)
                    {
                        _watches.Remove(watch.Key);
                    }
                }
            }
        }
        finally
        {
            watch.Busy.Release();
        }
    }

    private async Task ReconcileQuietlyAsync(Watch watch, bool renew)
    {
        try
        {
            await ReconcileAsync(watch, renew);
        }
        catch (Exception error)
        {
            LogReconcileFailed(error, watch.Key);
        }
    }

    /// <summary>The node's observer reference, made once (leases of different keys are taken concurrently): every lease hands the same one.</summary>
    private IKpiObserver Observer()
    {
        lock (_gate)
        {
            if (_observer is null)
            {
                _receiver = new KpiValueReceiver(this);
                _observer = cluster.CreateObjectReference<IKpiObserver>(_receiver);
            }

            return _observer;
        }
    }

    /// <summary>
    /// From a stream grain, through <see cref="KpiValueReceiver"/>. An event superseded by one already forwarded (one-way
    /// calls may overtake each other; see Watch.Admit) or for a feed no longer watched here is dropped.
    /// </summary>
    internal Task ReceiveAsync(string key, KpiStreamEvent e)
    {
        Watch? watch;
        lock (_gate)
        {
            _watches.TryGetValue(key, out watch);
        }

        return watch is not null && watch.Admit(e.Id) ? ForwardAsync(watch, e) : Task.CompletedTask;
    }

    /// <summary>
    /// The relay's hot path, once per event whatever the number of clients: no lock and no copy (the listener array
    /// is replaced, never changed), the group name made once per watch, one message object. SignalR serializes it
    /// once per protocol for the whole group and the SSE streams share one encoded frame (<see cref="Kpis.KpiSseFrames"/>).
    /// </summary>
    private async Task ForwardAsync(Watch watch, KpiStreamEvent e)
    {
        foreach (var listener in watch.ListenerArray)
        {
            listener.Offer(e);
        }

        // Never throw back into the stream: a browser that misses one live update gets the next.
        try
        {
            await hub.Clients.Group(watch.Group).KpiValue(KpiValueMessage.From(e));
        }
        catch (Exception error)
        {
            LogForwardFailed(error, watch.Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Watching KPI stream {Key}: the first local client subscribed")]
    private partial void LogSubscribed(string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "No longer watching KPI stream {Key}: the last local client left")]
    private partial void LogUnsubscribed(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release this node's lease on KPI stream {Key}; it lapses by itself")]
    private partial void LogReleaseFailed(string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release {Count} KPI lease(s) while stopping; they lapse by themselves")]
    private partial void LogReleaseOnStopFailed(Exception error, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not align the subscription and lease of KPI stream {Key} with its watchers")]
    private partial void LogReconcileFailed(Exception error, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward a value of KPI stream {Key} to its SignalR group")]
    private partial void LogForwardFailed(Exception error, string key);

    /// <summary>One (code, period) watched from this node. Counts are guarded by the relay's lock; Receiving and Leased by Busy.</summary>
    private sealed class Watch(string key, string code, KpiPeriod period)
    {
        private KpiListener[] _listenerArray = [];
        private readonly Lock _order = new();
        private long _newestId = long.MinValue;

        /// <summary>The newest id forwarded of a bucket older than the newest one.</summary>
        private long _closedId = long.MinValue;

        public string Key { get; } = key;

        /// <summary>The SignalR group, named once rather than per event.</summary>
        public string Group { get; } = CockpitHub.KpiGroup(key);

        public string Code { get; } = code;

        public KpiPeriod Period { get; } = period;

        public SemaphoreSlim Busy { get; } = new(1, 1);

        public int Connections { get; set; }

        public HashSet<KpiListener> Listeners { get; } = [];

        /// <summary>The listeners as an array that is replaced, never changed, so forwarding reads it without the lock.</summary>
        public KpiListener[] ListenerArray => Volatile.Read(ref _listenerArray);

        /// <summary>Under the relay's lock.</summary>
        public void AddListener(KpiListener listener)
        {
            if (Listeners.Add(listener))
            {
                Volatile.Write(ref _listenerArray, [.. Listeners]);
            }
        }

        /// <summary>Under the relay's lock.</summary>
        public bool RemoveListener(KpiListener listener)
        {
            if (!Listeners.Remove(listener))
            {
                return false;
            }

            Volatile.Write(ref _listenerArray, [.. Listeners]);
            return true;
        }

        /// <summary>Closed SSE streams still within their resume grace.</summary>
        public int Lingering { get; set; }

        public int Wanted => Connections + Listeners.Count + Lingering;

        /// <summary>The count the grain last accepted from this node.</summary>
        public int Leased { get; set; }

        /// <summary>This node receives the feed (counted in <see cref="ActiveSubscriptions"/>).</summary>
        public bool Receiving { get; set; }

        /// <summary>
        /// Whether to forward an event. Events from a stream grain may arrive out of order (Orleans does not order
        /// separate one-way calls): one older than the newest forwarded is dropped when its bucket's newer value went
        /// out already, but a bucket's final value that the next bucket's first overtook still goes out, once, late.
        /// </summary>
        public bool Admit(long id)
        {
            lock (_order)
            {
                if (id > _newestId)
                {
                    if (_newestId != long.MinValue && KpiStreamEvent.BucketOf(id) != KpiStreamEvent.BucketOf(_newestId))
                    {
                        _closedId = _newestId;
                    }

                    _newestId = id;
                    return true;
                }

                if (KpiStreamEvent.BucketOf(id) < KpiStreamEvent.BucketOf(_newestId) && id > _closedId)
                {
                    _closedId = id;
                    return true;
                }

                return false;
            }
        }
    }
}
