namespace DashboardFactory.Api.Auth;

/// <summary>
/// Registers every authenticated request on the long-lived paths (the hub, SSE streams) with
/// <see cref="OpenConnections"/> for as long as it runs, closing it by aborting the request. A hub connection over
/// WebSockets or SSE is one request; a long-polling hub's polls each are. GraphQL sockets authenticate inside
/// their first message and register themselves.
/// </summary>
public static class OpenConnectionsMiddleware
{
    private static readonly string[] LongLivedPaths = ["/hubs", "/api/streams"];

    public static IApplicationBuilder UseOpenConnections(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity?.IsAuthenticated != true
            || !LongLivedPaths.Any(p => http.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            await next(http);
            return;
        }

        var connections = http.RequestServices.GetRequiredService<OpenConnections>();
        using var registration = await connections.RegisterAsync(http.User, http.Abort);
        await next(http);
    });
}
