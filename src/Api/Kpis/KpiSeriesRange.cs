using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

/// <summary>
/// The [from, to) of a series request as the API reads it (REST's GET /api/kpis/{code}/series and GraphQL's
/// kpiSeries): defaults, ISO 8601 timestamps, from before to, at most Kpis:MaxSeriesBuckets buckets.
/// </summary>
public static class KpiSeriesRange
{
    /// <summary>The range, or the field errors (keyed by parameter name) when the request is not valid.</summary>
    public static (DateTimeOffset From, DateTimeOffset To, Dictionary<string, string[]> Errors) Resolve(
        KpiPeriod period, string? from, string? to, DateTimeOffset now, KpiOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        var end = now;
        if (to is not null && !KpiTimeRange.TryParseTime(to, out end))
        {
            errors["to"] = ["Must be an ISO 8601 timestamp."];
        }

        var start = end - KpisApi.DefaultSpan(period);
        if (from is not null && !KpiTimeRange.TryParseTime(from, out start))
        {
            errors["from"] = ["Must be an ISO 8601 timestamp."];
        }

        if (errors.Count == 0 && start >= end)
        {
            errors["from"] = ["Must be before 'to'."];
        }

        if (errors.Count == 0 && (end - period.BucketStart(start)).Ticks / period.Width().Ticks >= options.MaxSeriesBuckets)
        {
            errors["period"] = [$"At most {options.MaxSeriesBuckets} buckets per series; use a longer period or a shorter range."];
        }

        return (start, end, errors);
    }
}
