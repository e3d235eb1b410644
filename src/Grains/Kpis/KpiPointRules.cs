namespace DashboardFactory.Kpis;

/// <summary>
/// Whether a point may be stored. Used by the API (per point of a batch) and again by the grain against its
/// own clock, so a caller that skips the API cannot store what the API would refuse.
/// </summary>
public static class KpiPointRules
{
    public const int MaxIdLength = 128;

    /// <summary>Null when the point is acceptable; otherwise the reason it is refused.</summary>
    public static string? Check(string? id, DateTimeOffset ts, double value, DateTimeOffset now, KpiOptions options)
    {
        if (id is not null && (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl)))
        {
            return $"id must be 1 to {MaxIdLength} characters without control characters";
        }

        if (!double.IsFinite(value))
        {
            return "value must be a finite number";
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
