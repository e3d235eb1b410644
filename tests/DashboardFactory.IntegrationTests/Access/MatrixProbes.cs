using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.Access;

/// <summary>
/// How a cell of the matrix is tried. HTTP answers are their status. A hub method is 200 when the invocation
/// completes, 404 when the hub refuses with "No ..." (as if the thing did not exist), 400 for any other refusal, and
/// the status of the negotiation when the caller cannot connect at all. A GraphQL field is the HTTP status when it is
/// not 200, else the status its first error's <c>extensions.code</c> names (API.md: codes name REST's statuses), else
/// 200. A subscription is 401 when the socket closes before <c>connection_ack</c>, its error's status when refused, and
/// 200 once its first event arrives.
/// </summary>
public static partial class MatrixProbes
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task<(int Status, string? MediaType, string Body)> SendAsync(AuthorizationApp app, MatrixRow row, MatrixCaller caller)
    {
        var method = new HttpMethod(row.Method == "*" ? row.Send : row.Method);
        using var request = new HttpRequestMessage(method, (row.Path?.Invoke(app) ?? Fill(app, row.Pattern)) + row.Query)
        {
            Content = row.Body?.Invoke(app, caller),
        };
        if (app.TokenOf(caller) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // Headers are enough for the status. Streams (SSE, the Orleans Dashboard's trace) never end by themselves, so a
        // success is dropped once it answers; only refusals and rows that look at the answer read the body.
        using var deadline = new CancellationTokenSource(Deadline);
        using var client = app.Plain();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var status = (int)response.StatusCode;
        var body = status >= 300 || row.Answered is not null ? await response.Content.ReadAsStringAsync(deadline.Token) : string.Empty;
        return (status, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>The pattern with every route parameter replaced by the fixture's entity of that kind.</summary>
    public static string Fill(AuthorizationApp app, string pattern) => Parameter().Replace(pattern, match =>
    {
        var before = pattern[..match.Index].TrimEnd('/');
        var resource = before[(before.LastIndexOf('/') + 1)..];
        var name = match.Groups["name"].Value;
        return (resource, name) switch
        {
            ("cockpits", "id") => app.CockpitId,
            ("users", "id") => app.OwnerId,
            ("features", "id") => app.FeatureId,
            ("campaigns", "id") => app.CampaignId,
            ("rollbacks", "id") => app.RollbackId,
            ("webhooks", "id") => app.WebhookId,
            (_, "snapshotId") => app.SnapshotId,
            (_, "widgetId") => AuthorizationApp.KpiWidgetId,
            (_, "code") => app.KpiCode,
            ("releases", "version") => AuthorizationApp.ApprovableVersion,
            ("assets", "path") => "manifest.json",
            ("HistoricalStats", "path") or (_, "address") => app.SiloAddress,
            (_, "grainName") => app.GrainType,
            (_, "page") => "1",
            ("fonts", "path") => "fa-solid-900.woff2",
            ("img", "path") => "OrleansLogo.png",
            (_, "documentName") => "v1",
            _ => throw new InvalidOperationException(
                $"The matrix fixture has no value for {{{name}}} after '{resource}' in {pattern}: add one to {nameof(MatrixProbes)}.{nameof(Fill)} or give the row a Path."),
        };
    });

    public static async Task<int> HubAsync(AuthorizationApp app, MatrixCaller caller, string method, params object?[] args)
    {
        await using var connection = TestHubConnections.Build(app, app.TokenOf(caller) ?? string.Empty);
        try
        {
            await connection.StartAsync();
        }
        catch (Exception) when (connection.State != HubConnectionState.Connected)
        {
            // The WebSocket upgrade was refused; the negotiation says why, as a browser's would.
            using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/cockpit/negotiate?negotiateVersion=1");
            if (app.TokenOf(caller) is { } token)
            {
                negotiate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var client = app.Plain();
            return (int)(await client.SendAsync(negotiate)).StatusCode;
        }

        try
        {
            await connection.InvokeCoreAsync(method, typeof(object), args);
            return 200;
        }
        catch (HubException refused)
        {
            // The client sees "An unexpected error occurred invoking '...' on the server. HubException: <the hub's message>".
            return refused.Message.Contains("HubException: No ", StringComparison.Ordinal) ? 404 : 400;
        }
    }

    public static async Task<int> GraphQLAsync(AuthorizationApp app, MatrixCaller caller, string document, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query = document, variables }) };
        if (app.TokenOf(caller) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var client = app.Plain();
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (int)response.StatusCode;
        }

        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return result.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0 ? StatusOf(errors[0]) : 200;
    }

    /// <summary>
    /// A graphql-transport-ws subscription over the test server's WebSocket. An accepted subscription may stay quiet,
    /// so <paramref name="provoke"/> makes something happen (again, until the first event or refusal arrives).
    /// </summary>
    public static async Task<int> SubscribeAsync(AuthorizationApp app, MatrixCaller caller, string document, object? variables, Func<Task>? provoke = null)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var client = app.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        using var socket = await client.ConnectAsync(new UriBuilder(app.Server.BaseAddress) { Scheme = "ws", Path = "/graphql" }.Uri, deadline.Token);
        await SendAsync(socket, new { type = "connection_init", payload = new { token = app.TokenOf(caller) } }, deadline.Token);
        var ack = await ReceiveAsync(socket, deadline.Token);
        if (ack is null || ack.Value.GetProperty("type").GetString() != "connection_ack")
        {
            return 401;
        }

        await SendAsync(socket, new { id = "1", type = "subscribe", payload = new { query = document, variables } }, deadline.Token);
        var answer = ReceiveAsync(socket, deadline.Token);
        if (provoke is not null)
        {
            // Provoked again until the subscription answers: the event it waits for may come before it listens.
            await Eventually.Async(
                async () =>
                {
                    await provoke();
                    return await Eventually.CompletesWithinAsync(answer, TimeSpan.FromMilliseconds(300));
                },
                answered => answered,
                Deadline,
                every: TimeSpan.Zero);
        }

        var message = await answer;
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        return message?.GetProperty("type").GetString() switch
        {
            "next" => message.Value.GetProperty("payload").TryGetProperty("errors", out var errors) ? StatusOf(errors[0]) : 200,
            "error" => StatusOf(message.Value.GetProperty("payload")[0]),
            "complete" => 200,
            _ => 401,
        };
    }

    private static int StatusOf(JsonElement error) =>
        error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var code)
            ? code.GetString() switch
            {
                "BAD_REQUEST" => 400,
                "UNAUTHENTICATED" => 401,
                "FORBIDDEN" => 403,
                "NOT_FOUND" => 404,
                "CONFLICT" => 409,
                "PAYLOAD_TOO_LARGE" => 413,
                "UNPROCESSABLE" => 422,
                "UNAVAILABLE" => 503,
                _ => 500,
            }
            : 500;

    private static Task SendAsync(WebSocket socket, object message, CancellationToken cancellation) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, cancellation);

    /// <summary>The next message other than ping and pong (a ping is answered), or null when the server closed the socket.</summary>
    private static async Task<JsonElement?> ReceiveAsync(WebSocket socket, CancellationToken cancellation)
    {
        while (true)
        {
            var message = await ReceiveAnyAsync(socket, cancellation);
            switch (message?.GetProperty("type").GetString())
            {
                case "ping":
                    await SendAsync(socket, new { type = "pong" }, cancellation);
                    break;
                case "pong":
                    break;
                default:
                    return message;
            }
        }
    }

    private static async Task<JsonElement?> ReceiveAnyAsync(WebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellation);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                return JsonDocument.Parse(Encoding.UTF8.GetString(text.ToArray())).RootElement.Clone();
            }
        }
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)(?:[:=?][^}]*)?\}")]
    private static partial Regex Parameter();
}
