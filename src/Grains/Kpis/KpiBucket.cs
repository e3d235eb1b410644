namespace DashboardFactory.Kpis;

/// <summary>
/// The running aggregate of one bucket. "Last" is the value with the latest timestamp (a late point does not
/// replace it); among equal timestamps the one that arrived last wins, as the raw table's insertion order does.
/// </summary>
public sealed class KpiBucket(KpiPeriod period, DateTimeOffset start)
{
    public KpiPeriod Period { get; } = period;

    public DateTimeOffset Start { get; } = start;

    public DateTimeOffset End => Start + Period.Width();

    public long Count { get; private set; }

    public double Sum { get; private set; }

    public double Min { get; private set; } = double.PositiveInfinity;

    public double Max { get; private set; } = double.NegativeInfinity;

    public double Last { get; private set; }

    public DateTimeOffset LastTs { get; private set; } = DateTimeOffset.MinValue;

    public double Avg => Count == 0 ? 0 : Sum / Count;

    /// <summary>Changed since it was last handed to the store.</summary>
    public bool Dirty { get; set; }

    public void Add(DateTimeOffset ts, double value) => Merge(1, value, value, value, value, ts);

    public void Merge(KpiBucketRow row) => Merge(row.Count, row.Sum, row.Min, row.Max, row.Last, row.LastTs);

    public KpiBucketRow ToRow(string code) => new(code, Period, Start, Count, Sum, Min, Max, Last, LastTs);

    public KpiValue ToValue(string code, DateTimeOffset updatedAt, bool stale) =>
        new(code, Period, Start, Avg, Min, Max, Count, Sum, Last, updatedAt, stale);

    private void Merge(long count, double sum, double min, double max, double last, DateTimeOffset lastTs)
    {
        Count += count;
        Sum += sum;
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        if (lastTs >= LastTs)
        {
            Last = last;
            LastTs = lastTs;
        }

        Dirty = true;
    }
}
