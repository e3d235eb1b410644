using DashboardFactory.Limits;

namespace DashboardFactory.Kpis;

/// <summary>
/// Whether a point may be stored. Used by the API (per point of a batch) and again by the grain against its
/// own clock, so a caller that skips the API cannot store what the API would refuse.
/// </summary>
public static class KpiPointRules
{
    public const int MaxIdLength = 128;

    /// <summary>
    /// The largest magnitude a value may have. Any sum of accepted values stays finite (a bucket holds at most
    /// <see cref="long.MaxValue"/> points, so |sum| &lt; 1e119), and so do averages, PostgreSQL's float8 aggregates and
    /// every serializer; a value beyond it is refused like NaN. Two points of 1e308 used to make a bucket's sum infinite,
    /// after which every read of the KPI, the overview and the metrics failed.
    /// </summary>
    public const double MaxAbsValue = 1e100;

    /// <summary>The range as PostgreSQL reads it, for queries that must leave out values stored before the range existed.</summary>
    public const string MaxAbsValueSql = "1e100";

    public static bool InRange(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxAbsValue;

    /// <summary>Null when the point is acceptable; otherwise the reason it is refused.</summary>
    public static string? Check(string? id, DateTimeOffset ts, double value, DateTimeOffset now, KpiOptions options)
    {
        if (id is not null && (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl) || !UnicodeText.IsWellFormed(id)))
        {
            return $"id must be 1 to {MaxIdLength} characters of Unicode text without control characters";
        }

        if (!double.IsFinite(value))
        {
            return "value must be a finite number";
        }

        if (!InRange(value))
        {
            return "value must lie within ±1e100";
        }

        if (ts < now - options.AcceptWindow)
        {
            return $"ts is older than the accepted window ({options.AcceptWindow})";
        }

        if (ts > now + options.MaxFutureSkew)
        {
            return $"ts is more than {options.MaxFutureSkew} in the future";
        }

        return null;
    }
}
