using DashboardFactory.Alerts;
using DashboardFactory.Errors;
using DashboardFactory.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DashboardFactory.Kpis;

/// <summary>
/// Owns one KPI (key: its code): ingests points (deduplicated by id), keeps the minute, hour and day buckets
/// that can still change, writes closed buckets, counts duplicates and rejects, and raises "kpi.stale" when
/// data stops. Reentrant so reads never wait for a write; ingestion claims point ids before it awaits the
/// store, so two interleaved batches cannot both store the same id. While a period is watched (its
/// <see cref="IKpiStreamGrain"/> has subscribers and said so through <see cref="WatchAsync"/>) every accepted batch
/// pushes the live buckets it changed to that stream grain (<see cref="KpiPushes"/>); unwatched, nothing is pushed.
/// <see cref="KpiIntake"/> sorts a batch into rejected, duplicate and new points.
/// </summary>
[Reentrant]
public sealed partial class KpiGrain(
    [PersistentState("kpi", ProviderNames.Storage)] IPersistentState<KpiState> state,
    IKpiStore store,
    IOutbox outbox,
    IOptions<KpiOptions> options,
    KpiClock clock,
    ILogger<KpiGrain> logger) : Grain, IKpiGrain
{
    private readonly KpiAggregator _aggregator = new();
    private readonly RecentIds _recentIds = new();

    private KpiPushes? _pushes;
    private List<KpiBucketRow> _unsaved = [];
    private GroupCommit? _commit;
    private bool _stateChanged;
    private bool _registered;

    /// <summary>The counters as they are now; grain storage gets a copy (reentrant calls keep changing this one).</summary>
    private KpiState _live = new();

    private string Code => this.GetPrimaryKeyString();

    private KpiOptions Options => options.Value;

    private KpiPushes Pushes => _pushes ??= new(Code, _aggregator, p => GrainFactory.GetGrain<IKpiStreamGrain>(KpiStreamKey.Format(Code, p)), logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Ids.IsValid(Code))
        {
            throw DomainException.Invalid($"KPI code must match {Ids.Pattern}.");
        }

        _live = state.State.Copy();
        _commit = new GroupCommit(() =>
        {
            state.State = _live.Copy();
            _stateChanged = false;
            return state.WriteStateAsync();
        });
        var now = clock.UtcNow;
        var recent = await store.LoadRecentAsync(Code, now - 2 * Options.AcceptWindow);
        foreach (var minute in recent.Minutes)
        {
            _aggregator.Load(minute);
        }

        if (recent.LastReceivedAt > _live.LastReceivedAt || _live.LastReceivedAt is null)
        {
            _live.LastReceivedAt = recent.LastReceivedAt;
        }

        _aggregator.TakeClosed(Code, now, now - Options.AcceptWindow);
        this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(Options.CheckPeriod, Options.CheckPeriod) { Interleave = true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(cancellationToken);
        }
        catch (Exception error)
        {
            LogFlushFailed(error, Code);
        }
    }

    public Task<KpiIngestResult> IngestAsync(IReadOnlyList<KpiPoint> points) => IngestAsync(points, 0);

    public async Task<KpiIngestResult> IngestAsync(IReadOnlyList<KpiPoint> points, int rejectedBefore)
    {
        var now = clock.UtcNow;
        _recentIds.Forget(now - Options.AcceptWindow, Options.MaxRecentIds);
        var (rejections, candidates, duplicates) = KpiIntake.Sort(points, now, Options, _recentIds);

        var accepted = 0;
        if (candidates.Count > 0)
        {
            // Claimed before the await: an interleaved batch with the same id now counts it as a duplicate.
            foreach (var (_, point) in candidates.Where(c => c.Point.Id is not null))
            {
                _recentIds.Claim(point.Id!, point.Ts);
            }

            IReadOnlyList<bool> stored;
            try
            {
                stored = await store.AppendAsync(Code, [.. candidates.Select(c => c.Point)], now);
            }
            catch
            {
                foreach (var (_, point) in candidates.Where(c => c.Point.Id is not null))
                {
                    _recentIds.Release(point.Id!);
                }

                throw;
            }

            // From here to the pushes nothing awaits, so the buckets compared are exactly this batch's change.
            var before = Pushes.CurrentStarts();
            for (var j = 0; j < candidates.Count; j++)
            {
                if (stored[j])
                {
                    _aggregator.Add(candidates[j].Point.Ts, candidates[j].Point.Value);
                    accepted++;
                }
                else
                {
                    duplicates++;
                }
            }

            if (accepted > 0 && before is not null)
            {
                Pushes.PushChanges(before, candidates.Where((_, j) => stored[j]).Select(c => c.Point.Ts), now);
            }
        }

        if (rejections.Count > 0)
        {
            LogRejected(Code, rejections.Count, points.Count, rejections[0].Reason);
        }

        await CountAsync(accepted, duplicates, rejections.Count + Math.Max(0, rejectedBefore), now);
        return new KpiIngestResult(accepted, duplicates, rejections.Count, rejections);
    }

    public Task<KpiValue?> GetCurrentAsync(KpiPeriod period)
    {
        var bucket = _aggregator.Current(period);
        var now = clock.UtcNow;
        return Task.FromResult(bucket?.ToValue(Code, _live.LastReceivedAt ?? bucket.LastTs, IsStale(now)));
    }

    public Task<KpiValue?> WatchAsync(KpiPeriod period, bool watch)
    {
        Pushes.Watch(period, watch);
        return GetCurrentAsync(period);
    }

    public Task<IReadOnlyList<KpiSeriesPoint>> GetSeriesAsync(KpiPeriod period, DateTimeOffset from, DateTimeOffset to)
    {
        var start = period.BucketStart(from);
        if (to <= start)
        {
            throw DomainException.Invalid("'from' must be before 'to'.");
        }

        if ((to - start).Ticks / period.Width().Ticks >= Options.MaxSeriesBuckets)
        {
            throw DomainException.Invalid($"At most {Options.MaxSeriesBuckets} buckets per series; use a longer period or a shorter range.");
        }

        return store.SeriesAsync(Code, period, start, to);
    }

    public Task<KpiQuality> GetQualityAsync()
    {
        var s = _live;
        return Task.FromResult(new KpiQuality(Code, s.Accepted, s.Duplicates, s.Rejected, s.LastReceivedAt, IsStale(clock.UtcNow)));
    }

    private bool IsStale(DateTimeOffset now) =>
        _live.LastReceivedAt is { } last && now - last > Options.StaleAfter;

    private async Task CountAsync(int accepted, int duplicates, int rejected, DateTimeOffset now)
    {
        var s = _live;
        s.Accepted += accepted;
        s.Duplicates += duplicates;
        s.Rejected += rejected;
        if (accepted > 0)
        {
            s.LastReceivedAt = now;
            if (s.StaleAlerted)
            {
                s.StaleAlerted = false;
                await AlertAsync("kpi.recovered", $"KPI '{Code}' receives data again.", now);
            }
        }

        // Only a KPI with data is listed and stored: codes whose every point was refused (invented, mistyped or hostile)
        // never enter the directory or the overview and leave no state behind; their refusals are logged and metered.
        if (s.LastReceivedAt is null && s.Accepted == 0)
        {
            return;
        }

        if (accepted + duplicates + rejected > 0)
        {
            await RegisterAsync();
        }

        // The counters are written by the next check, not per batch: a lost minute of counts after a crash is
        // cheaper than a second database write for every batch. The points themselves are already durable.
        _stateChanged |= accepted + duplicates + rejected > 0;
    }

    /// <summary>Listed for the command center once per activation; best effort, so a failure never fails an ingest.</summary>
    private async Task RegisterAsync()
    {
        if (_registered)
        {
            return;
        }

        try
        {
            await GrainFactory.GetGrain<IKpiDirectoryGrain>("default").RegisterAsync(Code);
            _registered = true;
        }
        catch (Exception error)
        {
            LogRegisterFailed(error, Code);
        }
    }

    /// <summary>Timer (and deactivation): write closed buckets and counters, raise the stale alert once per silence.</summary>
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        _recentIds.Forget(now - Options.AcceptWindow, Options.MaxRecentIds);
        _unsaved.AddRange(_aggregator.TakeClosed(Code, now, now - Options.AcceptWindow));
        if (_unsaved.Count > 0)
        {
            var batch = _unsaved;
            _unsaved = [];
            try
            {
                await store.SaveBucketsAsync(batch);
            }
            catch (Exception error)
            {
                _unsaved.InsertRange(0, batch);
                LogFlushFailed(error, Code);
            }
        }

        if (IsStale(now) && !_live.StaleAlerted)
        {
            _live.StaleAlerted = true;
            _stateChanged = true;
            var silence = now - _live.LastReceivedAt!.Value;
            LogStale(Code, silence);
            await AlertAsync("kpi.stale", $"KPI '{Code}' has received no data for {silence.TotalMinutes:F0} min.", now);
        }

        if (_stateChanged)
        {
            await _commit!.CommitAsync();
        }
    }

    private async Task AlertAsync(string kind, string message, DateTimeOffset now)
    {
        await outbox.EnqueueAsync(KpiHealthEvents.For(kind, Code, message, _live.LastReceivedAt, now));
        await this.GetStreamProvider(ProviderNames.Streams)
            .GetStream<AlertEvent>(StreamId.Create(AlertEvent.Namespace, AlertEvent.Admins))
            .OnNextAsync(new AlertEvent(kind, message, null, null, now));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI {Code}: rejected {Rejected} of {Total} points, e.g. {Reason}")]
    private partial void LogRejected(string code, int rejected, int total, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI {Code} is stale: no data for {Silence}")]
    private partial void LogStale(string code, TimeSpan silence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI {Code}: registering in the KPI directory failed; retried with the next batch")]
    private partial void LogRegisterFailed(Exception error, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI {Code}: writing closed buckets or counters failed; retried at the next check")]
    private partial void LogFlushFailed(Exception error, string code);
}
