using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Limits;
using DashboardFactory.Kpis;
using DashboardFactory.Limits;
using DashboardFactory.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// This API node's side of live KPIs: the I/O and the forwarding. For each (code, period) its local clients watch
/// (hub connections, SSE streams, GraphQL subscriptions) it holds one lease on the KPI stream grain, with the count of
/// those clients and the node's <see cref="IKpiObserver"/>, through which the grain sends each event straight here; it
/// renews every lease every ttl/3 and forwards each event to the SignalR group and the listeners. A node that dies
/// stops renewing, so its leases lapse and the grains stop publishing for it. Who counts where, and which lease call is
/// due, is <see cref="KpiLeaseBook"/>'s (pure, unit-tested); this class makes the calls the book asks for.
/// </summary>
public sealed partial class KpiRelay : BackgroundService, IHubConnectionLifetime
{
    private readonly IClusterClient _cluster;
    private readonly IHubContext<CockpitHub, ICockpitClient> _hub;
    private readonly KpiSubscriptionQuota _quota;
    private readonly TimeProvider _time;
    private readonly ILogger<KpiRelay> _logger;
    private readonly TimeSpan _ttl;
    private readonly KpiLeaseBook _book;
    private readonly Func<KpiListener, bool, Task> _release;
    private readonly Lock _observerGate = new();
    private KpiValueReceiver? _receiver;
    private IKpiObserver? _observer;

    public KpiRelay(
        IClusterClient cluster,
        IHubContext<CockpitHub, ICockpitClient> hub,
        IOptions<KpiStreamOptions> options,
        IOptions<LimitsOptions> limits,
        KpiSubscriptionQuota quota,
        TimeProvider time,
        ILogger<KpiRelay> logger)
    {
        _cluster = cluster;
        _hub = hub;
        _quota = quota;
        _time = time;
        _logger = logger;
        _ttl = options.Value.LeaseTtl;
        _book = new KpiLeaseBook(quota, limits.Value.MaxKpiSubscriptionsPerConnection, _ttl, options.Value.SseResumeGrace);
        _release = ReleaseAsync;
    }

    /// <summary>Identifies this node's leases; a restarted process is a new node (its old leases just lapse).</summary>
    public string NodeId { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>Limits:MaxKpiSubscriptionsPerUser, for the messages of those who refuse a feed.</summary>
    public int MaxPerUser => _quota.PerUser;

    /// <summary>KPI feeds (code, period) this node receives right now.</summary>
    public int ActiveSubscriptions => _book.Receiving;

    /// <summary>A hub connection opened; its feeds count against its user's quota.</summary>
    public Task ConnectedAsync(HubCallerContext connection)
    {
        _book.Connected(connection.ConnectionId, connection.User?.CallerId() ?? string.Empty);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Subscribes the connection to (code, period), within Limits:MaxKpiSubscriptionsPerConnection and the user's quota;
    /// a feed the connection already has is not counted twice.
    /// </summary>
    public async Task<KpiSubscribeOutcome> SubscribeAsync(string connectionId, string code, KpiPeriod period)
    {
        var key = KpiStreamKey.Format(code, period);
        var subscription = _book.Subscribe(connectionId, key);
        if (subscription.Changed is not { } feed)
        {
            return subscription.Outcome;
        }

        try
        {
            await ReconcileAsync(feed, renew: false);
            return KpiSubscribeOutcome.Subscribed;
        }
        catch
        {
            await UnsubscribeAsync(connectionId, code, period);
            throw;
        }
    }

    public async Task UnsubscribeAsync(string connectionId, string code, KpiPeriod period)
    {
        if (_book.Unsubscribe(connectionId, KpiStreamKey.Format(code, period)) is { } feed)
        {
            await ReconcileQuietlyAsync(feed, renew: false);
        }
    }

    /// <summary>A hub connection ended: everything it subscribed to is released.</summary>
    public async Task DisconnectedAsync(string connectionId)
    {
        var released = _book.Disconnected(connectionId);
        if (released.Count == 0)
        {
            return;
        }

        var reconciling = new Task[released.Count];
        for (var i = 0; i < released.Count; i++)
        {
            reconciling[i] = ReconcileQuietlyAsync(released[i], renew: false);
        }

        await Task.WhenAll(reconciling);
    }

    /// <summary>
    /// An SSE stream's (or GraphQL subscription's) hold on (code, period): counted like a hub connection, with its own
    /// queue of events. Disposing it keeps the count for <see cref="KpiStreamOptions.SseResumeGrace"/> so a reconnecting
    /// client resumes from the grain's buffer without a gap.
    /// </summary>
    /// <returns>Null when <paramref name="user"/> holds Limits:MaxKpiSubscriptionsPerUser feeds on this node already.</returns>
    public async Task<KpiListener?> ListenAsync(string code, KpiPeriod period, string user)
    {
        var listener = new KpiListener(KpiStreamKey.Format(code, period), user, _release);
        if (_book.Listen(listener) is not { } feed)
        {
            return null;
        }

        try
        {
            await ReconcileAsync(feed, renew: false);
            return listener;
        }
        catch
        {
            await ReleaseAsync(listener, linger: false);
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_book.RenewEvery, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var feeds = _book.All();
                var renewing = new Task[feeds.Count];
                for (var i = 0; i < feeds.Count; i++)
                {
                    renewing[i] = ReconcileQuietlyAsync(feeds[i], renew: true);
                }

                await Task.WhenAll(renewing);
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
        var leased = _book.Leased();
        try
        {
            var releasing = new Task[leased.Count];
            for (var i = 0; i < leased.Count; i++)
            {
                releasing[i] = Grain(leased[i]).RenewLeaseAsync(new KpiLease(NodeId, 0, _ttl));
            }

            await Task.WhenAll(releasing).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception error)
        {
            LogReleaseOnStopFailed(error, leased.Count);
        }
    }

    private async Task ReleaseAsync(KpiListener listener, bool linger)
    {
        var (feed, lingersUntil) = _book.Release(listener, linger, _time.GetUtcNow());
        if (feed is null)
        {
            return;
        }

        if (lingersUntil is not null)
        {
            _ = LingerAsync(feed);
            return;
        }

        await ReconcileQuietlyAsync(feed, renew: false);
    }

    /// <summary>Waits out the feed's resume graces (a later close may extend them), then lets the lease follow the count.</summary>
    private async Task LingerAsync(KpiFeed feed)
    {
        try
        {
            while (_book.LingersUntil(feed, _time.GetUtcNow()) is { } until)
            {
                var left = until - _time.GetUtcNow();
                await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, _time);
            }
        }
        finally
        {
            await ReconcileQuietlyAsync(feed, renew: false);
        }
    }

    private IKpiStreamGrain Grain(KpiFeed feed) => _cluster.GetGrain<IKpiStreamGrain>(feed.Key);

    private async Task ReconcileAsync(KpiFeed feed, bool renew)
    {
        await feed.Busy.WaitAsync();
        try
        {
            var step = _book.Plan(feed, _time.GetUtcNow(), renew);
            if (step.StartedReceiving)
            {
                LogSubscribed(feed.Key);
            }

            if (step.Call)
            {
                try
                {
                    await Grain(feed).RenewLeaseAsync(new KpiLease(NodeId, step.Count, _ttl, step.Count > 0 ? Observer() : null));
                    _book.Settled(feed, step.Count);
                }
                catch when (step.Count == 0)
                {
                    // Letting go failed: the lease lapses by itself within the TTL; do not keep receiving for it.
                    _book.Settled(feed, 0);
                    LogReleaseFailed(feed.Key);
                }
            }

            if (_book.Finish(feed, step, _time.GetUtcNow()))
            {
                LogUnsubscribed(feed.Key);
            }
        }
        finally
        {
            feed.Busy.Release();
        }
    }

    private async Task ReconcileQuietlyAsync(KpiFeed feed, bool renew)
    {
        try
        {
            await ReconcileAsync(feed, renew);
        }
        catch (Exception error)
        {
            LogReconcileFailed(error, feed.Key);
        }
    }

    /// <summary>The node's observer reference, made once (leases of different keys are taken concurrently): every lease hands the same one.</summary>
    private IKpiObserver Observer()
    {
        lock (_observerGate)
        {
            if (_observer is null)
            {
                _receiver = new KpiValueReceiver(this);
                _observer = _cluster.CreateObjectReference<IKpiObserver>(_receiver);
            }

            return _observer;
        }
    }

    /// <summary>
    /// From a stream grain, through <see cref="KpiValueReceiver"/>. An event superseded by one already forwarded (one-way
    /// calls may overtake each other; see <see cref="KpiEventOrder"/>) or for a feed no longer watched here is dropped.
    /// </summary>
    internal Task ReceiveAsync(string key, KpiStreamEvent e)
    {
        if (_book.Find(key) is not { } feed || !feed.Order.Admit(e.Id))
        {
            return Task.CompletedTask;
        }

        FactoryMetrics.KpiValueReceived(_time.GetUtcNow() - e.PublishedAt);
        return ForwardAsync(feed, e);
    }

    /// <summary>
    /// The relay's hot path, once per event whatever the number of clients: no lock and no copy (the listener array
    /// is replaced, never changed), the group name made once per feed, one message object. SignalR serializes it
    /// once per protocol for the whole group and the SSE streams share one encoded frame (<see cref="Kpis.KpiSseFrames"/>).
    /// </summary>
    private async Task ForwardAsync(KpiFeed feed, KpiStreamEvent e)
    {
        foreach (var listener in feed.ListenerArray)
        {
            listener.Offer(e);
        }

        // Never throw back into the stream: a browser that misses one live update gets the next.
        try
        {
            await _hub.Clients.Group(feed.Group).KpiValue(KpiValueMessage.From(e));
        }
        catch (Exception error)
        {
            LogForwardFailed(error, feed.Key);
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
}
