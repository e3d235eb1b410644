using System.Globalization;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Api.Streams;
using DashboardFactory.Kpis;
using DashboardFactory.Limits;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Kpis;

/// <summary>
/// Live KPIs over plain HTTP: the Server-Sent Events stream of one (code, period), and who is watching a KPI.
/// </summary>
public static class KpiStreamsApi
{
    public const string ContentType = SseWriter.ContentType;

    private static readonly Func<SseWriter, KpiStreamEvent, ValueTask> SendEvent = SendAsync;

    public static IEndpointRouteBuilder MapKpiStreamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/streams/kpis/{code}", StreamAsync).WithTags("KPIs").RequireAuthorization()
            .Produces<string>(StatusCodes.Status200OK, ContentType).WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        app.MapGet("/api/kpis/{code}/subscribers", SubscribersAsync).WithTags("KPIs").RequireAuthorization();
        return app;
    }

    /// <summary>
    /// text/event-stream of "kpiValue" events. Without Last-Event-ID the first event is the current value; with it,
    /// the events after that id from the grain's replay buffer, then live ones, never one id twice.
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> StreamAsync(
        string code, string? period, HttpContext http, KpiRelay relay, IGrainFactory grains, IOptions<KpiStreamOptions> options,
        IOptions<LimitsOptions> limits)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Ids.IsValid(code))
        {
            errors["code"] = [$"Must match {Ids.Pattern}."];
        }

        if (!KpiPeriods.TryParse(period, out var p))
        {
            errors["period"] = [$"Must be one of {KpiStreamKey.Periods}."];
        }

        long? lastEventId = null;
        var header = http.Request.Headers["Last-Event-ID"].ToString();
        if (header.Length > 0)
        {
            if (long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                lastEventId = id;
            }
            else
            {
                errors["Last-Event-ID"] = ["Must be the id of an event this stream sent."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // A KPI that never accepted a point has nothing to stream: no lease, stream grain or timer for invented codes.
        if (await grains.GetGrain<IKpiGrain>(code).GetCurrentAsync(p) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: $"KPI '{code}' has no data.");
        }

        await using var listener = await relay.ListenAsync(code, p, http.User.CallerId());
        if (listener is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many KPI subscriptions.",
                detail: $"A user may hold {limits.Value.MaxKpiSubscriptionsPerUser} live KPI feeds on one API node (Limits:MaxKpiSubscriptionsPerUser), hub, SSE and GraphQL together; close one first.");
        }

        var replay = await grains.GetGrain<IKpiStreamGrain>(KpiStreamKey.Format(code, p)).ReplayAsync(lastEventId);

        // The listener's grace keeps the lease for a client that goes away and reconnects.
        await SseWriter.ServeAsync(http, options.Value.SseRetry, lastEventId, async sse =>
        {
            if (!replay.Complete)
            {
                await sse.CommentAsync("some live updates since Last-Event-ID are gone; the next event is the current value");
            }

            foreach (var e in replay.Events)
            {
                await SendAsync(sse, e);
            }

            await sse.PumpAsync(listener.Events, options.Value.SseKeepAlive, SendEvent);
        });
        return TypedResults.Empty;
    }

    /// <summary><c>{minute, hour, day, publishing}</c>: subscribers over every node's live lease, per period.</summary>
    public static async Task<Results<Ok<KpiSubscribers>, ValidationProblem>> SubscribersAsync(string code, IGrainFactory grains)
    {
        if (!Ids.IsValid(code))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = [$"Must match {Ids.Pattern}."] });
        }

        var statuses = await Task.WhenAll(new[] { KpiPeriod.Minute, KpiPeriod.Hour, KpiPeriod.Day }
            .Select(p => grains.GetGrain<IKpiStreamGrain>(KpiStreamKey.Format(code, p)).GetStatusAsync()));
        return TypedResults.Ok(new KpiSubscribers(
            statuses[0].Subscribers, statuses[1].Subscribers, statuses[2].Subscribers, statuses.Any(s => s.Publishing)));
    }

    /// <summary>The frame every stream of this event shares; counted when it goes out (not for an id the client has).</summary>
    private static async ValueTask SendAsync(SseWriter sse, KpiStreamEvent e)
    {
        if (await sse.EventAsync(e.Id, KpiSseFrames.Of(e)))
        {
            DashboardFactory.Telemetry.FactoryMetrics.Pushed("sse", "kpiValue");
        }
    }
}
