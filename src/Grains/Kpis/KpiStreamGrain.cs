using DashboardFactory.Errors;
using DashboardFactory.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace DashboardFactory.Kpis;

/// <summary>
/// Owns the live feed of one KPI for one period ("{code}:{period}"): the API nodes' leases, the watch on the KPI
/// grain, the coalescing of its pushes and the replay buffer. While a lease is live the KPI grain pushes every change
/// of a live bucket here, and this grain publishes it: the first change at once, later ones within
/// <c>KpiStreams:Coalesce</c> merged into one trailing push (<see cref="KpiPushCoalescer"/> has the rules), to each node's
/// <see cref="IKpiObserver"/> (one one-way call per node), and on the "kpi-values" stream for nodes that gave none.
/// With no lease it stops watching and deactivates, so an unwatched KPI publishes nothing and costs nothing.
/// </summary>
/// <remarks>
/// Nothing here is persisted. A silo restart loses the leases and the buffer; each node's next renewal (every
/// ttl/3, carrying its full count) takes its lease again. The KPI grain keeps the watch in memory too, so the check
/// timer (every <c>KpiStreams:PollInterval</c> while leased) renews it, and publishes whatever a lost push missed.
/// The value the first watch answers is the baseline and is not published: it is read before the first lease is
/// acknowledged, and the subscriber behind that lease is answered with the current value after that. Leases expire on
/// the KPI clock (<see cref="KpiClock"/>), so a test lets one lapse by moving that clock rather than by waiting.
/// </remarks>
public sealed partial class KpiStreamGrain(
    IOptions<KpiStreamOptions> options,
    TimeProvider time,
    KpiClock clock,
    ILogger<KpiStreamGrain> logger) : Grain, IKpiStreamGrain
{
    private readonly KpiLeaseTable _leases = new();
    private readonly KpiReplayBuffer _buffer = new(options.Value.ReplayBufferSize);
    private readonly KpiPushCoalescer _coalescer = new(options.Value.Coalesce);
    private string _key = string.Empty;
    private string _code = string.Empty;
    private KpiPeriod _period;
    private IAsyncStream<KpiStreamEvent>? _stream;
    private IGrainTimer? _check;
    private IGrainTimer? _trailing;
    /// <summary>The KPI grain pushes here (set by the first watch after a lease, cleared when the last lease goes).</summary>
    private bool _watching;

    /// <summary>This activation asked the KPI grain to watch at some point, so it says stop when it goes.</summary>
    private bool _watched;

    private IKpiGrain Kpi => GrainFactory.GetGrain<IKpiGrain>(_code);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        if (!KpiStreamKey.TryParse(_key, out var code, out _period))
        {
            throw DomainException.Invalid($"'{_key}' is not a KPI stream key (\"{{code}}:{{period}}\", period one of {KpiStreamKey.Periods}).");
        }

        _code = code;
        _stream = this.GetStreamProvider(ProviderNames.Streams).GetStream<KpiStreamEvent>(StreamId.Create(StreamNamespaces.KpiValues, _key));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_watched)
        {
            // Best effort: if this is lost, the KPI grain's next push finds nobody watching and stops by itself.
            try
            {
                await Kpi.WatchAsync(_period, watch: false);
            }
            catch (Exception error)
            {
                LogUnwatchFailed(error, _key);
            }
        }

        LogDeactivated(_key, reason.ReasonCode.ToString());
    }

    public async Task<KpiStreamStatus> RenewLeaseAsync(KpiLease lease)
    {
        if (string.IsNullOrWhiteSpace(lease.NodeId))
        {
            throw DomainException.Invalid("A KPI lease needs the id of the node that holds it.");
        }

        _leases.Renew(lease, clock.UtcNow);
        if (Reconcile() && !_watching)
        {
            // Watching starts before the node hears back, so the value its subscriber is answered with is never
            // newer than the baseline: every later change is pushed.
            await WatchAsync();
        }

        return Status();
    }

    public async Task<bool> PushAsync(IReadOnlyList<KpiValue> values)
    {
        if (!Reconcile())
        {
            return false;
        }

        await OfferAsync(values);
        return true;
    }

    public Task<KpiStreamStatus> GetStatusAsync()
    {
        _ = Reconcile();
        return Task.FromResult(Status());
    }

    public async Task<KpiReplay> ReplayAsync(long? afterId)
    {
        if (!_watching)
        {
            // Not watched (a caller without a lease): the value as it is now, read once.
            if (await Kpi.GetCurrentAsync(_period) is { } current && KpiStreamEvent.IdOf(current) > (_buffer.Latest?.Id ?? long.MinValue))
            {
                _buffer.Add(new KpiStreamEvent(KpiStreamEvent.IdOf(current), current, time.GetUtcNow()));
            }
        }

        _ = Reconcile();
        if (afterId is { } after)
        {
            return _buffer.After(after);
        }

        return new KpiReplay(_buffer.Latest is { } latest ? [latest] : [], Complete: true);
    }

    private KpiStreamStatus Status() => new(_leases.Subscribers, _leases.Nodes, Publishing: _check is not null);

    /// <summary>Publishing follows the live leases: the check timer runs while there is one; with none the activation goes. True while publishing.</summary>
    private bool Reconcile()
    {
        foreach (var node in _leases.Expire(clock.UtcNow))
        {
            LogLeaseExpired(_key, node);
        }

        if (!_leases.IsEmpty)
        {
            if (_check is null)
            {
                _check = this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(options.Value.PollInterval, options.Value.PollInterval));
                LogStarted(_key, _leases.Nodes);
            }

            return true;
        }

        if (_check is not null)
        {
            _check.Dispose();
            _check = null;
            _trailing?.Dispose();
            _trailing = null;
            _coalescer.Drop();
            _watching = false;
            LogStopped(_key);
        }

        DeactivateOnIdle();
        return false;
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (Reconcile())
        {
            await WatchAsync();
        }
    }

    /// <summary>Watches (or renews the watch on) the KPI grain; its answer is the baseline the first time, afterwards a safety-net re-read.</summary>
    private async Task WatchAsync()
    {
        var current = await Kpi.WatchAsync(_period, watch: true);
        var first = !_watching;
        _watching = _watched = true;
        if (current is null)
        {
            return;
        }

        if (first)
        {
            _coalescer.Known(current);
            if (KpiStreamEvent.IdOf(current) > (_buffer.Latest?.Id ?? long.MinValue))
            {
                _buffer.Add(new KpiStreamEvent(KpiStreamEvent.IdOf(current), current, time.GetUtcNow()));
            }

            return;
        }

        await OfferAsync([current]);
    }

    private async Task OfferAsync(IReadOnlyList<KpiValue> values)
    {
        var now = time.GetUtcNow();
        await PublishAsync(_coalescer.Offer(values, now), now);
        ScheduleTrailing(now);
    }

    private async Task TrailingAsync(CancellationToken cancellationToken)
    {
        // A one-shot timer is not moved from inside its own callback: a fresh one is made when another push is due.
        _trailing?.Dispose();
        _trailing = null;
        if (!Reconcile())
        {
            return;
        }

        var now = time.GetUtcNow();
        await PublishAsync(_coalescer.Flush(now), now);
        ScheduleTrailing(now);
    }

    /// <summary>A one-shot timer for when the held changes are due (firing early is harmless: Flush waits for the window's end).</summary>
    private void ScheduleTrailing(DateTimeOffset now)
    {
        if (_coalescer.DueAt is not { } due)
        {
            return;
        }

        var delay = due > now ? due - now : TimeSpan.Zero;
        if (_trailing is null)
        {
            _trailing = this.RegisterGrainTimer(TrailingAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
        }
        else
        {
            _trailing.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task PublishAsync(IReadOnlyList<KpiValue> values, DateTimeOffset now)
    {
        foreach (var value in values)
        {
            var e = new KpiStreamEvent(KpiStreamEvent.IdOf(value), value, now);
            _buffer.Add(e);
            FactoryMetrics.KpiValuePublished(clock.UtcNow - value.UpdatedAt);

            // One-way: nothing to await, and a node that is gone costs nothing but its lease's lapse.
            foreach (var observer in _leases.Observers)
            {
                _ = observer.OnKpiValueAsync(_key, e);
            }

            if (_leases.AnyOnStream)
            {
                await _stream!.OnNextAsync(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "KPI stream {Key} publishing: {Nodes} node(s) hold a lease")]
    private partial void LogStarted(string key, int nodes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "KPI stream {Key} stopped publishing: no live lease")]
    private partial void LogStopped(string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI stream {Key}: the lease of node {NodeId} expired without renewal")]
    private partial void LogLeaseExpired(string key, string nodeId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "KPI stream {Key} deactivated ({Reason})")]
    private partial void LogDeactivated(string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI stream {Key}: could not tell the KPI grain to stop pushing; its next push stops it")]
    private partial void LogUnwatchFailed(Exception error, string key);
}
