using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using DashboardFactory.Api.Access;
using DashboardFactory.Api.Auth;
using DashboardFactory.Api.OpenApi;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Cockpits;
using DashboardFactory.Streams;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// Streams for outside clients: short-lived tickets a browser puts in a URL instead of its token, and the
/// Server-Sent Events stream of one cockpit ("cockpitUpdated", "alert").
/// </summary>
public static class StreamsApi
{
    public const string ContentType = "text/event-stream";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapStreamsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/streams/tickets", IssueTicketAsync).WithTags("Streams").RequireAuthorization().WithProblems(StatusCodes.Status403Forbidden);
        app.MapGet("/api/streams/cockpits/{id}", StreamCockpitAsync).WithTags("Streams").RequireAuthorization()
            .Produces<string>(StatusCodes.Status200OK, ContentType);
        return app;
    }

    /// <summary>
    /// A ticket for one scope: kpi:{code} (anyone signed in), cockpit:{id} (its owner or an admin; 404 otherwise, as
    /// if it did not exist), alerts (admins). A ticket cannot ask for another ticket.
    /// </summary>
    public static async Task<Results<Ok<TicketResponse>, ValidationProblem, NotFound, ForbidHttpResult>> IssueTicketAsync(
        TicketRequest request, ClaimsPrincipal caller, IGrainFactory grains, AccessPolicy access, IOptions<StreamsOptions> options, TimeProvider time)
    {
        if (!StreamScope.TryParse(request.Scope, out var scope))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["scope"] = [$"Must be \"kpi:<code>\", \"cockpit:<id>\" or \"alerts\", where code and id match {Ids.Pattern}."],
            });
        }

        if (caller.HasClaim(c => c.Type == TicketAuthenticator.ScopeClaim))
        {
            return TypedResults.Forbid();
        }

        switch (scope.Kind)
        {
            case StreamScope.Alerts when !AccessPolicy.MayAdminister(caller):
                return TypedResults.Forbid();
            case StreamScope.Cockpit when await access.ReadCockpitAsync(caller, scope.Id!) is null:
                return TypedResults.NotFound();
        }

        var ticket = StreamTickets.New();
        var expiresAt = time.GetUtcNow() + options.Value.TicketLifetime;
        await grains.GetGrain<IStreamTicketGrain>(StreamTickets.KeyOf(ticket)).IssueAsync(new StreamTicketGrant(
            caller.CallerId(), caller.FindFirstValue(ClaimTypes.Name) ?? caller.CallerId(), caller.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            scope.ToString(), expiresAt, caller.CredentialsVersion()));
        return TypedResults.Ok(new TicketResponse(ticket, expiresAt));
    }

    /// <summary>
    /// text/event-stream of a cockpit's "cockpitUpdated" and "alert" events, for its owner or an admin. With
    /// Last-Event-ID (or <c>?lastEventId=</c>, for a new EventSource opened with a fresh ticket) it first sends what
    /// was missed; when this node no longer has all of it, the cockpit's current version as a "cockpitUpdated".
    /// </summary>
    public static async Task<Results<EmptyHttpResult, ValidationProblem, NotFound>> StreamCockpitAsync(
        string id, HttpContext http, ClaimsPrincipal caller, IGrainFactory grains, AccessPolicy access, CockpitStreamRelay relay, IOptions<StreamsOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Ids.IsValid(id))
        {
            errors["id"] = [$"Must match {Ids.Pattern}."];
        }

        long? lastEventId = null;
        var resumeFrom = http.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : http.Request.Query["lastEventId"].ToString();
        if (resumeFrom.Length > 0)
        {
            if (long.TryParse(resumeFrom, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
            {
                lastEventId = after;
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

        if (await access.ReadCockpitAsync(caller, id) is null)
        {
            return TypedResults.NotFound();
        }

        var cockpit = grains.GetGrain<ICockpitGrain>(id);

        var aborted = http.RequestAborted;
        await using var listener = await relay.ListenAsync(id);
        var response = http.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var body = response.Body;
        try
        {
            await WriteAsync(body, $"retry: {(long)options.Value.Retry.TotalMilliseconds}\n\n", aborted);
            var lastSent = lastEventId ?? long.MinValue;
            if (lastEventId is { } after)
            {
                var (missed, complete) = relay.Replay(id, after);
                if (!complete && await cockpit.GetAsync() is { } current && CockpitStreamEvent.IdAt(current.UpdatedAt) > after)
                {
                    await WriteAsync(body, ": some events since Last-Event-ID are gone from this node; the next event is the cockpit as it is now\n\n", aborted);
                    lastSent = await SendAsync(body, Current(current), lastSent, aborted);
                }

                foreach (var e in missed)
                {
                    lastSent = await SendAsync(body, e, lastSent, aborted);
                }
            }

            await body.FlushAsync(aborted);
            while (true)
            {
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(aborted))
                {
                    idle.CancelAfter(options.Value.KeepAlive);
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
                }

                while (listener.Events.TryRead(out var e))
                {
                    lastSent = await SendAsync(body, e, lastSent, aborted);
                }

                await body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the relay keeps the cockpit's events for its reconnection.
        }

        return TypedResults.Empty;
    }

    private static CockpitStreamEvent Current(CockpitView view) => new(
        CockpitStreamEvent.IdAt(view.UpdatedAt),
        CockpitStreamEvent.CockpitUpdated,
        new CockpitUpdatedMessage(view.Id, view.Version, [], [], view.UpdatedAt, "changed while this stream was disconnected", null));

    /// <summary>Writes an event unless the client already has it (ids only grow); returns the last id sent.</summary>
    private static async Task<long> SendAsync(Stream body, CockpitStreamEvent e, long lastSent, CancellationToken aborted)
    {
        if (e.Id <= lastSent)
        {
            return lastSent;
        }

        var data = JsonSerializer.Serialize(e.Data, e.Data.GetType(), Json);
        await WriteAsync(body, $"id: {e.Id.ToString(CultureInfo.InvariantCulture)}\nevent: {e.Name}\ndata: {data}\n\n", aborted);
        return e.Id;
    }

    private static Task WriteAsync(Stream body, string text, CancellationToken aborted) =>
        body.WriteAsync(Encoding.UTF8.GetBytes(text), aborted).AsTask();
}
