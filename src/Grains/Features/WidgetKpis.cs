using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.Features;

/// <summary>The KPIs a widget shows: <c>config.kpi</c>, and <c>config.kpis</c> for a table with one row per KPI.</summary>
public static class WidgetKpis
{
    public static IReadOnlyList<string> Of(string? configJson)
    {
        if (string.IsNullOrWhiteSpace(configJson))
        {
            return [];
        }

        JsonNode? config;
        try
        {
            config = JsonNode.Parse(configJson);
        }
        catch (JsonException)
        {
            return [];
        }

        var codes = new List<string>();
        if (config is JsonObject o)
        {
            if (o["kpi"] is JsonValue single && single.TryGetValue<string>(out var code) && Ids.IsValid(code))
            {
                codes.Add(code);
            }

            if (o["kpis"] is JsonArray many)
            {
                codes.AddRange(many.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var c) ? c : null).OfType<string>().Where(Ids.IsValid));
            }
        }

        return [.. codes.Distinct(StringComparer.Ordinal)];
    }
}
