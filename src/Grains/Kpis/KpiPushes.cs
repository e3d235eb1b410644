using Microsoft.Extensions.Logging;

namespace DashboardFactory.Kpis;

/// <summary>
/// One KPI's side of live feeds: which periods are watched (their <see cref="IKpiStreamGrain"/> has subscribers and
/// said so), and the changes of their live buckets still to send there. Per period one call is in flight, so the
/// stream grain gets changes in the order they happened (Orleans does not order separate calls, and an older value
/// arriving late is dropped as stale there): a bucket's final value cannot be overtaken by the next bucket's.
/// Runs on its grain's turns (the grain is reentrant; nothing here awaits between reading and changing its state).
/// </summary>
public sealed partial class KpiPushes(string code, KpiAggregator aggregator, Func<KpiPeriod, IKpiStreamGrain> streamOf, ILogger logger)
{
    /// <summary>Per period: the generation of its watch, 0 when unwatched (kept in memory; the stream grain renews it).</summary>
    private readonly long[] _watches = new long[3];

    /// <summary>Per period: changes not yet sent to the stream grain, latest per bucket.</summary>
    private readonly SortedDictionary<DateTimeOffset, KpiValue>?[] _outbox = new SortedDictionary<DateTimeOffset, KpiValue>?[3];
    private long _generation;

    public void Watch(KpiPeriod period, bool watch) => _watches[(int)period] = watch ? ++_generation : 0;

    /// <summary>Each watched period's current bucket before a batch; null when no period is watched (the ingest path then does nothing more).</summary>
    public DateTimeOffset?[]? CurrentStarts()
    {
        if (_watches[0] == 0 && _watches[1] == 0 && _watches[2] == 0)
        {
            return null;
        }

        var starts = new DateTimeOffset?[_watches.Length];
        foreach (var period in KpiPeriods.All)
        {
            starts[(int)period] = _watches[(int)period] == 0 ? null : aggregator.Current(period)?.Start;
        }

        return starts;
    }

    /// <summary>
    /// Sends each watched period's changed live buckets to its stream grain. Not awaited: the batch's answer does not
    /// wait for the fan-out, and a push that fails is logged, never failing an ingest whose points are stored (the
    /// stream grain's periodic re-read publishes what a lost push missed).
    /// </summary>
    public void PushChanges(DateTimeOffset?[] before, IEnumerable<DateTimeOffset> timestamps, DateTimeOffset now)
    {
        List<DateTimeOffset>? accepted = null;
        foreach (var period in KpiPeriods.All)
        {
            var generation = _watches[(int)period];
            if (generation == 0)
            {
                continue;
            }

            accepted ??= [.. timestamps];
            var changed = aggregator.Changed(period, before[(int)period], accepted);
            if (changed.Count > 0)
            {
                // Stale is false: the batch that changed these buckets just arrived.
                var outbox = _outbox[(int)period];
                var pumping = outbox is not null;
                outbox ??= _outbox[(int)period] = [];
                foreach (var bucket in changed)
                {
                    outbox[bucket.Start] = bucket.ToValue(code, now, stale: false);
                }

                if (!pumping)
                {
                    _ = PushAsync(period, generation);
                }
            }
        }
    }

    /// <summary>Sends the period's outbox, then whatever gathered in it meanwhile, one call at a time; the outbox goes when empty.</summary>
    private async Task PushAsync(KpiPeriod period, long generation)
    {
        var stream = streamOf(period);
        while (_outbox[(int)period] is { Count: > 0 } outbox)
        {
            KpiValue[] values = [.. outbox.Values];
            outbox.Clear();
            try
            {
                if (!await stream.PushAsync(values) && _watches[(int)period] == generation)
                {
                    // Nobody watches any more (the stream grain went without saying so). A watch renewed meanwhile has
                    // a newer generation and stays.
                    _watches[(int)period] = 0;
                }
            }
            catch (Exception error)
            {
                LogPushFailed(logger, error, code, period.ToWire());
            }
        }

        _outbox[(int)period] = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI {Code}: pushing a change of its {Period} feed failed; the feed's next check publishes it")]
    private static partial void LogPushFailed(ILogger logger, Exception error, string code, string period);
}
