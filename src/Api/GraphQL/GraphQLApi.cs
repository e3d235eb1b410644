using System.Text.Json;
using DashboardFactory.Api.GraphQL.Graph;
using DashboardFactory.Api.GraphQL.Transport;
using DashboardFactory.Api.Limits;
using DashboardFactory.Api.OpenApi;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DashboardFactory.Api.GraphQL;

/// <summary>
/// /graphql: queries and mutations over POST (bearer token), subscriptions over a WebSocket (token in
/// connection_init), and the schema's SDL at /graphql/schema.graphql.
/// </summary>
public static class GraphQLApi
{
    public const string Path = "/graphql";

    public static IEndpointRouteBuilder MapGraphQLApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ExecuteAsync).WithTags("GraphQL").RequireAuthorization().Accepts<GraphQLRequest>("application/json")
            .Produces<GraphQLResponseBody>(StatusCodes.Status200OK)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        app.MapGet(Path + "/schema.graphql", Sdl).WithTags("GraphQL").AllowAnonymous().Produces<string>(StatusCodes.Status200OK, "text/plain");

        // The WebSocket authenticates with its first message, so the upgrade itself is anonymous; WebSockets are
        // switched on for this endpoint only, as SignalR does for its hubs.
        var handler = app.ServiceProvider.GetRequiredService<GraphQLWebSocketHandler>();
        var sockets = app.CreateApplicationBuilder().UseWebSockets();
        sockets.Run(handler.HandleAsync);
        app.MapGet(Path, sockets.Build()).WithTags("GraphQL").AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A GraphQL result (200 application/json, with errors for refused fields or an invalid document); a body
    /// that is not a GraphQL request is a 4xx ProblemDetails.
    /// </summary>
    public static async Task<IResult> ExecuteAsync(
        HttpContext http, GraphQLRunner runner, IGraphQLTextSerializer serializer, IOptions<GraphQLOptions> options)
    {
        var contentType = http.Request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var parsed) ? parsed.MediaType.Value : null;
        if (contentType is not ("application/json" or "application/graphql-response+json"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.",
                detail: "Send {query, variables?, operationName?} as application/json.");
        }

        var max = options.Value.MaxRequestBytes;
        if (http.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        // Read at most max + 1 bytes whatever Content-Length says, so a chunked body cannot exceed the limit either.
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted);
            }
            catch (IOException broken) when (!http.RequestAborted.IsCancellationRequested)
            {
                // Broken framing Kestrel reports as an IOException (RequestBodyGuard says more).
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request could not be read.",
                    detail: $"The request body is not framed correctly: {broken.Message}");
            }

            if (read == 0)
            {
                break;
            }

            body.Write(buffer, 0, read);
            if (body.Length > max)
            {
                return TooLarge(max);
            }
        }

        // As RequestBodyGuard does for /api: text that is not Unicode or a member named twice in the variables would fail
        // deep inside GraphQL.NET.
        if (!JsonBodyText.IsWellFormed(body.GetBuffer().AsSpan(0, (int)body.Length), out var path, out var problem))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path!] = [problem!] }, title: "The request body is not a GraphQL request.");
        }

        GraphQLRequest? request;
        try
        {
            body.Position = 0;
            request = await serializer.ReadAsync<GraphQLRequest>(body, http.RequestAborted);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body is not a GraphQL request.",
                detail: "Expected a JSON object {query, variables?, operationName?}: " + error.Message);
        }

        if (request is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request body is not a GraphQL request.",
                detail: "Expected a JSON object {query, variables?, operationName?}.");
        }

        var result = await runner.ExecuteAsync(request, http.User, http.RequestServices, http.RequestAborted);
        if (result.Streams is not null)
        {
            foreach (var stream in result.Streams.Values)
            {
                // A subscription over HTTP: nothing will read it, so let its listener go at once.
                stream.Subscribe(new NoObserver()).Dispose();
            }

            result = new ExecutionResult
            {
                Executed = false,
                Errors = [new ExecutionError($"Subscriptions run over a WebSocket at {Path} (subprotocol {MessageTypes.Subprotocol}).") { Code = GraphQLErrors.BadRequestCode }],
            };
        }

        return TypedResults.Text(serializer.Serialize(result), "application/json; charset=utf-8");
    }

    public static IResult Sdl(DashboardSchema schema) => TypedResults.Text(SchemaText(schema), "text/plain; charset=utf-8");

    private static string? _sdl;

    private static string SchemaText(DashboardSchema schema) => _sdl ??= schema.Print(new() { IncludeDescriptions = true });

    private static IResult TooLarge(int max) => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large.",
        detail: $"A GraphQL request may be at most {max} bytes (GraphQL:MaxRequestBytes).");

    private sealed class NoObserver : IObserver<ExecutionResult>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(ExecutionResult value)
        {
        }
    }
}
