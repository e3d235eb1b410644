using System.Diagnostics.CodeAnalysis;

namespace DashboardFactory.Kpis;

/// <summary>
/// Bucket arithmetic. Buckets are aligned on the Unix epoch in UTC, exactly as PostgreSQL's
/// <c>date_bin(width, ts, '1970-01-01Z')</c> aligns them, so a day bucket runs from 00:00 UTC to 00:00 UTC.
/// </summary>
public static class KpiPeriods
{
    public static readonly IReadOnlyList<KpiPeriod> All = [KpiPeriod.Minute, KpiPeriod.Hour, KpiPeriod.Day];

    public static TimeSpan Width(this KpiPeriod period) => period switch
    {
        KpiPeriod.Minute => TimeSpan.FromMinutes(1),
        KpiPeriod.Hour => TimeSpan.FromHours(1),
        KpiPeriod.Day => TimeSpan.FromDays(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>The start of the bucket holding <paramref name="ts"/>, in UTC.</summary>
    public static DateTimeOffset BucketStart(this KpiPeriod period, DateTimeOffset ts)
    {
        var ticks = ts.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var width = period.Width().Ticks;
        var floored = ticks - ((ticks % width) + width) % width;
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + floored, TimeSpan.Zero);
    }

    /// <summary>The wire spelling: "minute", "hour", "day".</summary>
    public static string ToWire(this KpiPeriod period) => period switch
    {
        KpiPeriod.Minute => "minute",
        KpiPeriod.Hour => "hour",
        KpiPeriod.Day => "day",
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, null),
    };

    /// <summary>Parses the wire spelling (case-sensitive, lowercase only, as documented).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out KpiPeriod period)
    {
        switch (text)
        {
            case "minute": period = KpiPeriod.Minute; return true;
            case "hour": period = KpiPeriod.Hour; return true;
            case "day": period = KpiPeriod.Day; return true;
            default: period = default; return false;
        }
    }
}
