using System.Collections.Concurrent;

namespace DashboardFactory.Kpis;

/// <summary>
/// The embedded default's store. One instance per process (not per silo), so in-process test clusters see
/// one history wherever a KPI activates. Keeps raw points for <see cref="KpiOptions.MemoryRetention"/>.
/// </summary>
public sealed class MemoryKpiStore : IKpiStore
{
    public static MemoryKpiStore Shared { get; } = new();

    /// <summary>How long raw points are kept (Kpis:MemoryRetention, applied when the silo registers the store).</summary>
    public TimeSpan Retention { get; set; } = new KpiOptions().MemoryRetention;

    private readonly ConcurrentDictionary<string, Series> _byCode = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Code, KpiPeriod Period, DateTimeOffset Start), KpiBucketRow> _buckets = new();

    public Task<IReadOnlyList<bool>> AppendAsync(string code, IReadOnlyList<KpiPoint> points, DateTimeOffset receivedAt)
    {
        var series = _byCode.GetOrAdd(code, _ => new Series());
        var stored = new bool[points.Count];
        lock (series)
        {
            for (var i = 0; i < points.Count; i++)
            {
                var point = points[i];
                if (point.Id is null || series.Ids.Add(point.Id))
                {
                    series.Points.Add(new Stored(point.Id, point.Ts, point.Value, receivedAt));
                    stored[i] = true;
                }
            }

            series.Trim(receivedAt - Retention);
        }

        return Task.FromResult<IReadOnlyList<bool>>(stored);
    }

    public Task SaveBucketsAsync(IReadOnlyList<KpiBucketRow> buckets)
    {
        foreach (var bucket in buckets)
        {
            _buckets[(bucket.Code, bucket.Period, bucket.Start)] = bucket;
        }

        return Task.CompletedTask;
    }

    /// <summary>The closed buckets written for a KPI (tests compare them with the raw points).</summary>
    public IReadOnlyList<KpiBucketRow> Buckets(string code) =>
        [.. _buckets.Values.Where(b => b.Code == code).OrderBy(b => b.Period).ThenBy(b => b.Start)];

    public Task<KpiRecent> LoadRecentAsync(string code, DateTimeOffset notBefore)
    {
        if (!_byCode.TryGetValue(code, out var series))
        {
            return Task.FromResult(new KpiRecent([], null));
        }

        lock (series)
        {
            if (series.Points.Count == 0)
            {
                return Task.FromResult(new KpiRecent([], null));
            }

            var latest = series.Points.Max(p => p.Ts);
            var from = KpiPeriod.Day.BucketStart(latest < notBefore ? latest : notBefore);
            var minutes = series.Points.Where(p => p.Ts >= from)
                .GroupBy(p => KpiPeriod.Minute.BucketStart(p.Ts))
                .Select(g =>
                {
                    var bucket = new KpiBucket(KpiPeriod.Minute, g.Key);
                    foreach (var p in g)
                    {
                        bucket.Add(p.Ts, p.Value);
                    }

                    return bucket.ToRow(code);
                })
                .ToList();
            return Task.FromResult(new KpiRecent(minutes, series.Points.Max(p => p.ReceivedAt)));
        }
    }

    public Task<IReadOnlyList<KpiSeriesPoint>> SeriesAsync(string code, KpiPeriod period, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_byCode.TryGetValue(code, out var series))
        {
            return Task.FromResult<IReadOnlyList<KpiSeriesPoint>>([]);
        }

        lock (series)
        {
            return Task.FromResult<IReadOnlyList<KpiSeriesPoint>>([.. series.Points
                .Where(p => p.Ts >= from && p.Ts < to)
                .GroupBy(p => period.BucketStart(p.Ts))
                .OrderBy(g => g.Key)
                .Select(g => new KpiSeriesPoint(g.Key, g.Average(p => p.Value), g.Min(p => p.Value), g.Max(p => p.Value), g.LongCount()))]);
        }
    }

    private sealed record Stored(string? Id, DateTimeOffset Ts, double Value, DateTimeOffset ReceivedAt);

    /// <summary>Points in arrival order (so "last" among equal timestamps is the one that came last).</summary>
    private sealed class Series
    {
        public List<Stored> Points { get; } = [];

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        private DateTimeOffset _trimmedAt = DateTimeOffset.MinValue;

        /// <summary>At most once a minute: scanning every point on every append would make ingestion quadratic.</summary>
        public void Trim(DateTimeOffset before)
        {
            if (before - _trimmedAt < TimeSpan.FromMinutes(1))
            {
                return;
            }

            _trimmedAt = before;

            foreach (var old in Points.Where(p => p.Ts < before && p.Id is not null))
            {
                Ids.Remove(old.Id!);
            }

            Points.RemoveAll(p => p.Ts < before);
        }
    }
}
