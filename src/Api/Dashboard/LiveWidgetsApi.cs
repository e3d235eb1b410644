using System.Security.Claims;
using System.Text.Json.Nodes;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.Kpis;
using DashboardFactory.Cockpits;
using DashboardFactory.Kpis;
using DashboardFactory.Rendering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Dashboard;

/// <summary>The first values of a cockpit page's live widgets (API.md "Widget types"), in one request.</summary>
public static class LiveWidgetsApi
{
    public static IEndpointRouteBuilder MapLiveWidgetsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cockpits/{id}/widgets/data", GetAsync).WithTags("Cockpits").RequireAuthorization()
            .WithSummary("The current value and recent buckets of every KPI the cockpit's visible live widgets show.");
        return app;
    }

    public static async Task<Results<Ok<CockpitLiveData>, NotFound, ValidationProblem>> GetAsync(
        string id, ClaimsPrincipal caller, AccessPolicy access, IGrainFactory grains, TimeProvider time,
        IOptions<DashboardOptions> dashboard, IOptions<KpiOptions> kpis)
    {
        if (!Ids.IsValid(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [$"Must match {Ids.Pattern}."] });
        }

        var view = await access.ReadCockpitAsync(caller, id);
        if (view is null)
        {
            return TypedResults.NotFound();
        }

        var widgets = new Dictionary<string, LiveWidget>(StringComparer.Ordinal);
        var wanted = new Dictionary<string, (string Code, KpiPeriod Period)>(StringComparer.Ordinal);
        if (JsonNode.Parse(view.DocumentJson)?["widgets"] is JsonObject all)
        {
            foreach (var (widgetId, node) in all)
            {
                if (node is not JsonObject widget || widget["hidden"] is JsonValue hidden && hidden.TryGetValue<bool>(out var h) && h)
                {
                    continue;
                }

                var type = widget["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
                if (LiveWidgetBinding.Read(type, widget["config"]) is not { } binding)
                {
                    continue;
                }

                var keys = binding.Kpis.Select(code => KpiStreamKey.Format(code, binding.Period)).ToList();
                widgets[widgetId] = new LiveWidget(binding.Type, binding.Period.ToWire(), keys, binding.PerKpi);
                foreach (var code in binding.Kpis)
                {
                    wanted.TryAdd(KpiStreamKey.Format(code, binding.Period), (code, binding.Period));
                }
            }
        }

        var now = time.GetUtcNow();
        var buckets = dashboard.Value.WidgetSeriesBuckets;
        var loaded = await Task.WhenAll(wanted.Select(async pair =>
        {
            var (code, period) = pair.Value;
            var kpi = grains.GetGrain<IKpiGrain>(code);
            var current = kpi.GetCurrentAsync(period);
            var series = kpi.GetSeriesAsync(period, now - buckets * period.Width(), now);
            var value = await current;
            return KeyValuePair.Create(pair.Key, new LiveKpiData(
                code, period.ToWire(), value is null ? null : KpiValueResponse.From(value), KpiBucketResponse.Series(await series)));
        }));

        return TypedResults.Ok(new CockpitLiveData(
            id, view.Version, now, kpis.Value.StaleAfter.TotalSeconds, widgets, new Dictionary<string, LiveKpiData>(loaded, StringComparer.Ordinal)));
    }
}
