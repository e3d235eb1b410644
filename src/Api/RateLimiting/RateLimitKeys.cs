using System.Security.Claims;

namespace DashboardFactory.Api.RateLimiting;

/// <summary>Who a request counts against, and which requests are streams.</summary>
public static class RateLimitKeys
{
    /// <summary>The signed-in user or admin; null for anonymous requests (authorization refuses those first).</summary>
    public static string? CallerOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>/api/streams (tickets and SSE) and /hubs: the requests RateLimits:RequestsPerTokenPerMinute counts.</summary>
    public static bool IsStreamingApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/streams", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);

    /// <summary>POST, PUT, PATCH or DELETE to /api: the requests RateLimits:WritesPerUserPerMinute counts.</summary>
    public static bool IsApiWrite(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method))
        && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    /// <summary>A request that stays open as a stream: an SSE GET, a hub connection (not its negotiate), a GraphQL WebSocket.</summary>
    public static bool IsStreamConnection(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase))
        {
            return !request.Path.Value!.EndsWith("/negotiate", StringComparison.OrdinalIgnoreCase);
        }

        if (request.Path.StartsWithSegments("/graphql", StringComparison.OrdinalIgnoreCase))
        {
            return context.WebSockets.IsWebSocketRequest;
        }

        return HttpMethods.IsGet(request.Method)
            && (request.Path.StartsWithSegments("/api/streams/kpis", StringComparison.OrdinalIgnoreCase)
                || request.Path.StartsWithSegments("/api/streams/cockpits", StringComparison.OrdinalIgnoreCase));
    }
}
