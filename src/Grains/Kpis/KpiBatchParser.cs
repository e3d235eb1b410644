using System.Globalization;
using System.Text.Json;

namespace DashboardFactory.Kpis;

/// <summary>
/// Reads <c>[{id?, ts, value}]</c> point by point: a point with a missing, null or non-numeric value, an
/// unreadable timestamp or one outside the window is refused with a reason while the rest of the batch goes
/// on. JSON has no NaN or Infinity literals, so those arrive as strings ("NaN") or as numbers too large for a
/// double (1e999); both are refused per point. Only a body that is not an array fails the whole request.
/// </summary>
public static class KpiBatchParser
{
    /// <summary>Null when <paramref name="body"/> is not a JSON array; the caller answers 400.</summary>
    public static KpiBatch? Parse(JsonElement body, DateTimeOffset now, KpiOptions options)
    {
        if (body.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var points = new List<(int, KpiPoint)>();
        var rejections = new List<KpiRejection>();
        var index = 0;
        foreach (var item in body.EnumerateArray())
        {
            var (point, id, reason) = Read(item);
            reason ??= KpiPointRules.Check(point!.Id, point.Ts, point.Value, now, options);
            if (reason is null)
            {
                points.Add((index, point!));
            }
            else
            {
                rejections.Add(new KpiRejection(index, id, reason));
            }

            index++;
        }

        return new KpiBatch(points, rejections);
    }

    private static (KpiPoint? Point, string? Id, string? Reason) Read(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return (null, null, "a point must be an object {id?, ts, value}");
        }

        string? id = null;
        if (item.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            if (idElement.ValueKind != JsonValueKind.String)
            {
                return (null, idElement.GetRawText(), "id must be a string");
            }

            id = idElement.GetString();
        }

        if (!item.TryGetProperty("ts", out var tsElement) || tsElement.ValueKind != JsonValueKind.String)
        {
            return (null, id, "ts is required: an ISO 8601 timestamp with a UTC offset");
        }

        if (!DateTimeOffset.TryParse(tsElement.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ts))
        {
            return (null, id, "ts is not an ISO 8601 timestamp");
        }

        if (!item.TryGetProperty("value", out var valueElement) || valueElement.ValueKind != JsonValueKind.Number)
        {
            return (null, id, "value is required and must be a number");
        }

        if (!valueElement.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            return (null, id, "value must be a finite number");
        }

        return (new KpiPoint(id, ts.ToUniversalTime(), value), id, null);
    }
}
