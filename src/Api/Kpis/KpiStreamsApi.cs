using System.Globalization;
using System.Text;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Api.RealTime;
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
    public const string ContentType = "text/event-stream";

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

        var aborted = http.RequestAborted;
        await using var listener = await relay.ListenAsync(code, p, http.User.CallerId());
        if (listener is null)
        {
            http.Response.Headers.RetryAfter = "5";
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many KPI subscriptions.",
                detail: $"A user may hold {limits.Value.MaxKpiSubscriptionsPerUser} live KPI feeds on one API node (Limits:MaxKpiSubscriptionsPerUser), hub, SSE and GraphQL together; close one first.");
        }

        var replay = await grains.GetGrain<IKpiStreamGrain>(KpiStreamKey.Format(code, p)).ReplayAsync(lastEventId);

        var response = http.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var body = response.Body;
        try
        {
            await WriteAsync(body, $"retry: {(long)options.Value.SseRetry.TotalMilliseconds}\n\n", aborted);
            if (!replay.Complete)
            {
                await WriteAsync(body, ": some live updates since Last-Event-ID are gone; the next event is the current value\n\n", aborted);
            }

            var lastSent = lastEventId ?? long.MinValue;
            foreach (var e in replay.Events)
            {
                lastSent = await SendAsync(body, e, lastSent, aborted);
            }

            await body.FlushAsync(aborted);
            var keepAlive = options.Value.SseKeepAlive;

            // One timeout source per stream, reset after each wake-up rather than made anew for every event: a
            // stream only needs a new one after it actually idled for a keep-alive.
            var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            try
            {
                while (true)
                {
                    if (!idle.TryReset())
                    {
                        idle.Dispose();
                        idle = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                    }

                    idle.CancelAfter(keepAlive);
                    try
                    {
                        await listener.Events.WaitToReadAsync(idle.Token);
                    }
                    catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                    {
                        await WriteAsync(body, ": keep-alive\n\n", aborted);
                        await body.FlushAsync(aborted);
                        continue;
                    }

                    while (listener.Events.TryRead(out var e))
                    {
                        lastSent = await SendAsync(body, e, lastSent, aborted);
                    }

                    await body.FlushAsync(aborted);
                }
            }
            finally
            {
                idle.Dispose();
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the listener's grace keeps the lease for its reconnection.
        }

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

    /// <summary>Writes an event unless the client already has it (ids only grow); returns the last id sent.</summary>
    private static async Task<long> SendAsync(Stream body, KpiStreamEvent e, long lastSent, CancellationToken aborted)
    {
        if (e.Id <= lastSent)
        {
            return lastSent;
        }

        await body.WriteAsync(KpiSseFrames.Of(e), aborted);
        DashboardFactory.Telemetry.FactoryMetrics.Pushed("sse", "kpiValue");
        return e.Id;
    }

    private static Task WriteAsync(Stream body, string text, CancellationToken aborted) =>
        body.WriteAsync(Encoding.UTF8.GetBytes(text), aborted).AsTask();
}
