namespace DashboardFactory.Kpis;

/// <summary>
/// The minute, hour and day buckets a KPI keeps in memory. Pure: no clock of its own, no storage. Buckets stay
/// until no accepted point can land in them any more (their end lies before now minus the accept window);
/// the most recent bucket of each period always stays, so a KPI that went quiet still has a current value.
/// </summary>
public sealed class KpiAggregator
{
    private readonly Dictionary<DateTimeOffset, KpiBucket>[] _buckets = [[], [], []];

    public void Add(DateTimeOffset ts, double value)
    {
        foreach (var period in KpiPeriods.All)
        {
            Bucket(period, period.BucketStart(ts)).Add(ts, value);
        }
    }

    /// <summary>Folds a stored minute bucket into all three periods (used when a KPI activates). Not dirty: the store has it.</summary>
    public void Load(KpiBucketRow minute)
    {
        foreach (var period in KpiPeriods.All)
        {
            var bucket = Bucket(period, period.BucketStart(minute.Start));
            bucket.Merge(minute);
            bucket.Dirty = false;
        }
    }

    public KpiBucket? Current(KpiPeriod period)
    {
        KpiBucket? latest = null;
        foreach (var bucket in _buckets[(int)period].Values)
        {
            if (latest is null || bucket.Start > latest.Start)
            {
                latest = bucket;
            }
        }

        return latest;
    }

    public int BucketCount => _buckets.Sum(b => b.Count);

    /// <summary>
    /// The buckets of <paramref name="period"/> that points at <paramref name="timestamps"/> changed and that a live
    /// feed shows, oldest first: the bucket that was current before them (<paramref name="currentBefore"/>, its final
    /// value when they opened a newer one) and any newer one. Late points into older buckets are history, not live.
    /// </summary>
    public IReadOnlyList<KpiBucket> Changed(KpiPeriod period, DateTimeOffset? currentBefore, IEnumerable<DateTimeOffset> timestamps)
    {
        var starts = new SortedSet<DateTimeOffset>();
        foreach (var ts in timestamps)
        {
            var start = period.BucketStart(ts);
            if (currentBefore is null || start >= currentBefore)
            {
                starts.Add(start);
            }
        }

        var buckets = _buckets[(int)period];
        return [.. starts.Select(s => buckets[s])];
    }

    /// <summary>
    /// Buckets that are over (end at or before <paramref name="now"/>) and changed since last taken, to be
    /// written to the store (they are marked clean); and forgets buckets no point can reach any more (end at or
    /// before <paramref name="cutoff"/>).
    /// </summary>
    public IReadOnlyList<KpiBucketRow> TakeClosed(string code, DateTimeOffset now, DateTimeOffset cutoff)
    {
        var closed = new List<KpiBucketRow>();
        foreach (var period in KpiPeriods.All)
        {
            var buckets = _buckets[(int)period];
            var current = Current(period);
            foreach (var bucket in buckets.Values.ToList())
            {
                if (bucket.End <= now && bucket.Dirty)
                {
                    closed.Add(bucket.ToRow(code));
                    bucket.Dirty = false;
                }

                if (bucket.End <= cutoff && bucket != current)
                {
                    buckets.Remove(bucket.Start);
                }
            }
        }

        return closed;
    }

    private KpiBucket Bucket(KpiPeriod period, DateTimeOffset start)
    {
        var buckets = _buckets[(int)period];
        if (!buckets.TryGetValue(start, out var bucket))
        {
            buckets[start] = bucket = new KpiBucket(period, start);
        }

        return bucket;
    }
}
