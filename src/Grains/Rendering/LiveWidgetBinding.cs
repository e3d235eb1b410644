using System.Text.Json.Nodes;
using DashboardFactory.Kpis;

namespace DashboardFactory.Rendering;

/// <summary>
/// What a live widget watches, read from its type and config (API.md "Widget types"): <c>stat_card</c>,
/// <c>line_chart</c> and <c>table</c> bound by <c>config.kpi</c> (a table may list <c>config.kpis</c> instead, one
/// row per KPI) at <c>config.period</c>, hour when missing or unknown. Any other type, or a config naming no valid
/// KPI, is not live and stays the static sanitized HTML it always was.
/// </summary>
public sealed record LiveWidgetBinding(string Type, IReadOnlyList<string> Kpis, KpiPeriod Period)
{
    public const string StatCard = "stat_card";
    public const string LineChart = "line_chart";
    public const string Table = "table";

    /// <summary>More KPIs than this in one table is an authoring mistake, not a dashboard; the rest are ignored.</summary>
    public const int MaxTableKpis = 20;

    public static readonly KpiPeriod DefaultPeriod = KpiPeriod.Hour;

    /// <summary>True for <c>config.kpis</c> tables: one row per KPI instead of one row per recent bucket.</summary>
    public bool PerKpi => Type == Table && Kpis.Count > 0 && Kpi is null;

    /// <summary>The single KPI of a stat card, a chart or a bucket table; null for a per-KPI table.</summary>
    public string? Kpi { get; init; }

    public static bool IsLiveType(string? type) => type is StatCard or LineChart or Table;

    /// <summary>A script widget of any type receives the values of <c>config.kpi</c> in its frame.</summary>
    public static LiveWidgetBinding? ForScript(string type, JsonNode? config)
    {
        if (config is not JsonObject settings || JsonFields.String(settings["kpi"]) is not { } kpi || !Ids.IsValid(kpi))
        {
            return null;
        }

        var period = KpiPeriods.TryParse(JsonFields.String(settings["period"]), out var p) ? p : DefaultPeriod;
        return new LiveWidgetBinding(type, [kpi], period) { Kpi = kpi };
    }

    public static LiveWidgetBinding? Read(string? type, JsonNode? config)
    {
        if (!IsLiveType(type) || config is not JsonObject settings)
        {
            return null;
        }

        var period = KpiPeriods.TryParse(JsonFields.String(settings["period"]), out var p) ? p : DefaultPeriod;
        var kpi = JsonFields.String(settings["kpi"]);
        if (kpi is not null && Ids.IsValid(kpi))
        {
            return new LiveWidgetBinding(type!, [kpi], period) { Kpi = kpi };
        }

        if (type == Table && settings["kpis"] is JsonArray list)
        {
            var codes = list.Select(JsonFields.String).Where(c => c is not null && Ids.IsValid(c)).Select(c => c!)
                .Distinct(StringComparer.Ordinal).Take(MaxTableKpis).ToList();
            return codes.Count > 0 ? new LiveWidgetBinding(type, codes, period) : null;
        }

        return null;
    }
}
