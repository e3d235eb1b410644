using System.Globalization;
using System.Security.Claims;
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
    public const string ContentType = SseWriter.ContentType;

    private static readonly Func<SseWriter, CockpitStreamEvent, ValueTask> SendEvent = SendAsync;

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
        await using var listener = await relay.ListenAsync(id);

        // The relay keeps the cockpit's events for a client that goes away and reconnects.
        await SseWriter.ServeAsync(http, options.Value.Retry, lastEventId, async sse =>
        {
            if (lastEventId is { } after)
            {
                var (missed, complete) = relay.Replay(id, after);
                if (!complete && await cockpit.GetAsync() is { } current && CockpitStreamEvent.IdAt(current.UpdatedAt) > after)
                {
                    await sse.CommentAsync("some events since Last-Event-ID are gone from this node; the next event is the cockpit as it is now");
                    await SendAsync(sse, Current(current));
                }

                foreach (var e in missed)
                {
                    await SendAsync(sse, e);
                }
            }

            await sse.PumpAsync(listener.Events, options.Value.KeepAlive, SendEvent);
        });
        return TypedResults.Empty;
    }

    private static CockpitStreamEvent Current(CockpitView view) => new(
        CockpitStreamEvent.IdAt(view.UpdatedAt),
        CockpitStreamEvent.CockpitUpdated,
        new CockpitUpdatedMessage(view.Id, view.Version, [], [], view.UpdatedAt, "changed while this stream was disconnected", null));

    /// <summary>Writes an event unless the client already has it (ids only grow).</summary>
    private static async ValueTask SendAsync(SseWriter sse, CockpitStreamEvent e)
    {
        if (e.Id > sse.LastId)
        {
            await sse.EventAsync(e.Id, SseWriter.Frame(e.Id, e.Name, e.Data, Json));
        }
    }
}
