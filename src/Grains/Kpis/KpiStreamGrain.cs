using DashboardFactory.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace DashboardFactory.Kpis;

/// <summary>
/// Owns the live feed of one KPI for one period ("{code}:{period}"): the API nodes' leases, a poll timer that runs
/// only while a lease is live, and the replay buffer. Each tick reads the KPI grain's current bucket and publishes
/// it on the "kpi-values" stream when it changed (a new point, or a new bucket once one closes), so a watched
/// KPI is pushed at most once per poll interval and an unwatched one costs nothing.
/// </summary>
/// <remarks>
/// Nothing here is persisted. A silo restart loses the leases and the buffer; each node's next renewal (every
/// ttl/3, carrying its full count) takes its lease again, so publishing resumes within a third of the TTL. The
/// first value an activation reads is its baseline and is not published: it is read before the first lease is
/// acknowledged, and the subscriber behind that lease is answered with the current value after that.
/// </remarks>
public sealed partial class KpiStreamGrain(
    IOptions<KpiStreamOptions> options,
    TimeProvider time,
    ILogger<KpiStreamGrain> logger) : Grain, IKpiStreamGrain
{
    private readonly KpiLeaseTable _leases = new();
    private readonly KpiReplayBuffer _buffer = new(options.Value.ReplayBufferSize);
    private string _key = string.Empty;
    private string _code = string.Empty;
    private KpiPeriod _period;
    private IAsyncStream<KpiStreamEvent>? _stream;
    private IGrainTimer? _timer;
    private bool _polled;

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

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        LogDeactivated(_key, reason.ReasonCode.ToString());
        return Task.CompletedTask;
    }

    public async Task<KpiStreamStatus> RenewLeaseAsync(KpiLease lease)
    {
        if (string.IsNullOrWhiteSpace(lease.NodeId))
        {
            throw DomainException.Invalid("A KPI lease needs the id of the node that holds it.");
        }

        _leases.Renew(lease, time.GetUtcNow());
        if (Reconcile() && !_polled)
        {
            // The baseline is read before the node hears back, so the value its subscriber is answered with is
            // never newer than the baseline: every later change is published.
            await PollAsync();
        }

        return Status();
    }

    public Task<KpiStreamStatus> GetStatusAsync()
    {
        _ = Reconcile();
        return Task.FromResult(Status());
    }

    public async Task<KpiReplay> ReplayAsync(long? afterId)
    {
        await PollAsync();
        _ = Reconcile();
        if (afterId is { } after)
        {
            return _buffer.After(after);
        }

        return new KpiReplay(_buffer.Latest is { } latest ? [latest] : [], Complete: true);
    }

    private KpiStreamStatus Status() => new(_leases.Subscribers, _leases.Nodes, Publishing: _timer is not null);

    /// <summary>Publishing follows the live leases: the timer runs while there is one; with none the activation goes. True while publishing.</summary>
    private bool Reconcile()
    {
        foreach (var node in _leases.Expire(time.GetUtcNow()))
        {
            LogLeaseExpired(_key, node);
        }

        if (!_leases.IsEmpty)
        {
            if (_timer is null)
            {
                _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(options.Value.PollInterval, options.Value.PollInterval));
                LogStarted(_key, _leases.Nodes);
            }

            return true;
        }

        if (_timer is not null)
        {
            _timer.Dispose();
            _timer = null;
            LogStopped(_key);
        }

        DeactivateOnIdle();
        return false;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (Reconcile())
        {
            await PollAsync();
        }
    }

    /// <summary>Reads the current bucket; a value whose id moved (new points or a new bucket) is buffered and, unless it is the baseline, published.</summary>
    private async Task PollAsync()
    {
        var value = await GrainFactory.GetGrain<IKpiGrain>(_code).GetCurrentAsync(_period);
        var baseline = !_polled;
        _polled = true;
        if (value is null || _buffer.Latest?.Id == KpiStreamEvent.IdOf(value))
        {
            return;
        }

        var e = new KpiStreamEvent(KpiStreamEvent.IdOf(value), value, time.GetUtcNow());
        _buffer.Add(e);
        if (!baseline)
        {
            await _stream!.OnNextAsync(e);
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
}
