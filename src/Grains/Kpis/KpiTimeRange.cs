using System.Globalization;

namespace DashboardFactory.Kpis;

/// <summary>
/// The command center's <c>timeRange=1h|24h|7d|30d|custom</c> with <c>from</c>/<c>to</c>, resolved to an interval
/// and a bucket width that keeps a chart readable: minutes up to 6 hours, hours up to 14 days, then days.
/// </summary>
public sealed record KpiTimeRange(string Name, DateTimeOffset From, DateTimeOffset To, KpiPeriod Period)
{
    public static readonly IReadOnlyList<string> Names = ["1h", "24h", "7d", "30d", "custom"];

    /// <summary>Null with an error message when the parameters do not make a range.</summary>
    public static (KpiTimeRange? Range, string? Error) Parse(string? timeRange, string? from, string? to, DateTimeOffset now)
    {
        var name = string.IsNullOrEmpty(timeRange) ? "24h" : timeRange;
        TimeSpan? span = name switch
        {
            "1h" => TimeSpan.FromHours(1),
            "24h" => TimeSpan.FromHours(24),
            "7d" => TimeSpan.FromDays(7),
            "30d" => TimeSpan.FromDays(30),
            "custom" => null,
            _ => TimeSpan.MinValue,
        };
        if (span == TimeSpan.MinValue)
        {
            return (null, $"timeRange must be one of {string.Join(", ", Names)}.");
        }

        if (span is { } fixedSpan)
        {
            return from is not null || to is not null
                ? (null, "from and to are only allowed with timeRange=custom.")
                : (new KpiTimeRange(name, now - fixedSpan, now, PeriodFor(fixedSpan)), null);
        }

        if (!TryParseTime(from, out var start) || !TryParseTime(to, out var end))
        {
            return (null, "timeRange=custom needs from and to as ISO 8601 timestamps.");
        }

        return start >= end
            ? (null, "from must be before to.")
            : (new KpiTimeRange(name, start, end, PeriodFor(end - start)), null);
    }

    public static KpiPeriod PeriodFor(TimeSpan span) =>
        span <= TimeSpan.FromHours(6) ? KpiPeriod.Minute
        : span <= TimeSpan.FromDays(14) ? KpiPeriod.Hour
        : KpiPeriod.Day;

    public static bool TryParseTime(string? text, out DateTimeOffset time)
    {
        if (!string.IsNullOrWhiteSpace(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            time = time.ToUniversalTime();
            return true;
        }

        time = default;
        return false;
    }
}
