using System.Text.Json;
using System.Text.Json.Nodes;
using System.Security.Claims;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Kpis;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Cockpits;
using DashboardFactory.Kpis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Dashboard;

/// <summary>The command center (seed 002): the overview, metrics over a time range, and the data behind a widget.</summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization();
        // The overview carries the admins' alert history (rollback reasons, other operators' cockpit ids), which the hub
        // and GraphQL give to admins only; the fleet at a glance is theirs.
        dashboard.MapGet("/overview", GetOverviewAsync).RequireAuthorization(Roles.AdminPolicy);
        dashboard.MapGet("/metrics", GetMetricsAsync);
        app.MapGet("/api/cockpits/{id}/widgets/{widgetId}/data", GetWidgetDataAsync).WithTags("Cockpits").RequireAuthorization()
            .WithProblems(StatusCodes.Status404NotFound);
        app.MapLiveWidgetsApi();
        return app;
    }

    /// <summary>Served from this node's cache (at most Dashboard:OverviewCacheTtl old); <c>Age</c> says how old.</summary>
    public static async Task<Ok<OverviewResponse>> GetOverviewAsync(HttpContext http, OverviewCache cache, TimeProvider time)
    {
        var (overview, computedAt) = await cache.GetAsync(http.RequestAborted);
        http.Response.Headers.Age = ((long)Math.Max(0, (time.GetUtcNow() - computedAt).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(overview);
    }

    /// <summary>Series of several KPIs over <c>timeRange=1h|24h|7d|30d|custom</c> (custom needs from &lt; to).</summary>
    public static async Task<Results<Ok<MetricsResponse>, ValidationProblem>> GetMetricsAsync(
        IGrainFactory grains, TimeProvider time, IOptions<DashboardOptions> dashboard, IOptions<KpiOptions> kpis,
        string? timeRange = null, string? from = null, string? to = null, string? codes = null)
    {
        var (range, error) = KpiTimeRange.Parse(timeRange, from, to, time.GetUtcNow());
        if (range is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["timeRange"] = [error!] });
        }

        if ((range.To - range.Period.BucketStart(range.From)).Ticks / range.Period.Width().Ticks >= kpis.Value.MaxSeriesBuckets)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["timeRange"] = ["The range is too long."] });
        }

        var requested = codes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (requested is not null)
        {
            var bad = requested.Where(c => !Ids.IsValid(c)).ToList();
            if (bad.Count > 0 || requested.Count > dashboard.Value.MaxMetricCodes)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["codes"] = [bad.Count > 0 ? $"Each code must match {Ids.Pattern}." : $"At most {dashboard.Value.MaxMetricCodes} codes."],
                });
            }
        }

        var selected = requested ?? [.. (await grains.GetGrain<IKpiDirectoryGrain>("default").ListAsync()).Take(dashboard.Value.MaxMetricCodes)];
        var series = await Task.WhenAll(selected.Select(code => grains.GetGrain<IKpiGrain>(code).GetSeriesAsync(range.Period, range.From, range.To)));
        var bySeries = new Dictionary<string, List<KpiBucketResponse>>(StringComparer.Ordinal);
        foreach (var (code, points) in selected.Zip(series))
        {
            bySeries[code] = KpiBucketResponse.Series(points);
        }

        return TypedResults.Ok(new MetricsResponse(range.Name, range.From, range.To, range.Period.ToWire(), bySeries));
    }

    /// <summary>
    /// A widget bound to a KPI (<c>config: {"kpi": code, "period": "minute|hour|day"}</c>, period defaulting to
    /// hour) gets its current value and its recent buckets; any other widget gets <c>kpi: null</c> and says why.
    /// <c>?period=</c> asks for another period than the configured one (the page's period selector).
    /// </summary>
    public static async Task<Results<Ok<WidgetDataResponse>, ValidationProblem, ProblemHttpResult>> GetWidgetDataAsync(
        string id, string widgetId, ClaimsPrincipal caller, AccessPolicy access, IGrainFactory grains, TimeProvider time, IOptions<DashboardOptions> options,
        string? period = null)
    {
        if (!Ids.IsValid(id) || !Ids.IsValid(widgetId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [Ids.IsValid(id) ? "widgetId" : "id"] = [$"Must match {Ids.Pattern}."],
            });
        }

        KpiPeriod? asked = null;
        if (period is not null)
        {
            if (!KpiPeriods.TryParse(period, out var p))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["Must be minute, hour or day."] });
            }

            asked = p;
        }

        var view = await access.ReadCockpitAsync(caller, id);
        if (view is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"Cockpit '{id}' does not exist.");
        }

        var widget = JsonNode.Parse(view.DocumentJson)?["widgets"]?[widgetId] as JsonObject;
        if (widget is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"Cockpit '{id}' has no widget '{widgetId}'.");
        }

        var (code, configured, unbound) = Binding(widget["config"]);
        var (type, title) = (Text(widget["type"]), Text(widget["title"]));
        if (code is null)
        {
            return TypedResults.Ok(new WidgetDataResponse(id, widgetId, type, title, null, null, [], Reason: unbound));
        }

        var shown = asked ?? configured;
        var kpi = grains.GetGrain<IKpiGrain>(code);
        var now = time.GetUtcNow();
        var current = await kpi.GetCurrentAsync(shown);
        var series = await kpi.GetSeriesAsync(shown, now - options.Value.WidgetSeriesBuckets * shown.Width(), now);
        return TypedResults.Ok(new WidgetDataResponse(
            id, widgetId, type, title, code, current is null ? null : KpiValueResponse.From(current), KpiBucketResponse.Series(series), Period: shown.ToWire()));
    }

    /// <summary>The KPI a widget shows, from its config; null with the reason when it shows none.</summary>
    internal static (string? Code, KpiPeriod Period, string? Reason) Binding(JsonNode? config)
    {
        if (config is not JsonObject settings || settings["kpi"] is not JsonValue kpi || kpi.GetValueKind() != JsonValueKind.String)
        {
            return (null, KpiPeriod.Hour, "The widget is not bound to a KPI (its config has no \"kpi\").");
        }

        var code = kpi.GetValue<string>();
        if (!Ids.IsValid(code))
        {
            return (null, KpiPeriod.Hour, $"The widget's config.kpi is not a valid KPI code ({Ids.Pattern}).");
        }

        var period = settings["period"] is JsonValue p && p.GetValueKind() == JsonValueKind.String && KpiPeriods.TryParse(p.GetValue<string>(), out var parsed)
            ? parsed
            : KpiPeriod.Hour;
        return (code, period, null);
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
