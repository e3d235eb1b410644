using DashboardFactory.Api.Auth;
using DashboardFactory.Api.Streams;
using GraphQL;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.GraphQL.Transport;

/// <summary>GET /graphql: upgrades to a WebSocket speaking graphql-transport-ws and runs the session until it closes.</summary>
public sealed class GraphQLWebSocketHandler(
    GraphQLRunner runner,
    TokenAuthenticator tokens,
    TicketAuthenticator tickets,
    OpenConnections connections,
    IOptions<RateLimiterOptions> rateLimiter,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLOptions> options,
    TimeProvider time,
    ILogger<GraphQLWebSocketSession> logger)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Not a WebSocket request.",
                detail: $"GET /graphql is the WebSocket endpoint (subprotocol {MessageTypes.Subprotocol}); send queries and mutations with POST /graphql.")
                .ExecuteAsync(http);
            return;
        }

        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(MessageTypes.Subprotocol, StringComparer.Ordinal))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Subprotocol not acceptable.",
                detail: $"Offer the {MessageTypes.Subprotocol} subprotocol (the graphql-ws client does).")
                .ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(MessageTypes.Subprotocol);
        var session = new GraphQLWebSocketSession(socket, http, runner, tokens, tickets, connections, rateLimiter.Value.GlobalLimiter, serializer, options.Value, time, logger);
        await session.RunAsync();
    }
}
