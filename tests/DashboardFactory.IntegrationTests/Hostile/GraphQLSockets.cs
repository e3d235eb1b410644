using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>Hostile messages over the GraphQL WebSocket (graphql-transport-ws), through the test server's own WebSocket client.</summary>
public static class GraphQLSockets
{
    /// <summary>Close codes that are refusals the protocol defines (or a normal close); anything else is a fault.</summary>
    public static readonly int[] Refusals = [1000, 1009, 4400, 4401, 4403, 4408, 4409, 4429];

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static List<GraphQLSocketCase> Generate(int firstNumber)
    {
        var cases = new List<GraphQLSocketCase>();
        void Add(string kind, bool init, params string[] frames) => cases.Add(new GraphQLSocketCase(firstNumber + cases.Count, kind, init, frames));
        string Subscribe(string id, string query, string variables = "null") =>
            $"{{\"type\":\"subscribe\",\"id\":{id},\"payload\":{{\"query\":{JsonSerializer.Serialize(query)},\"variables\":{variables}}}}}";

        Add("not JSON before connection_init", false, "hostile");
        Add("an empty object", false, "{}");
        Add("connection_init with a string payload", false, "{\"type\":\"connection_init\",\"payload\":\"x\"}");
        Add("connection_init with a numeric token", false, "{\"type\":\"connection_init\",\"payload\":{\"token\":123}}");
        Add("connection_init with a lone surrogate token", false, "{\"type\":\"connection_init\",\"payload\":{\"token\":\"\\ud800\"}}");
        Add("connection_init with a forged token", false, "{\"type\":\"connection_init\",\"payload\":{\"token\":\"hz-forged.AAAA.BBBB\"}}");
        Add("connection_init with a 300,000-character token", false, "{\"type\":\"connection_init\",\"payload\":{\"token\":\"" + new string('t', 300_000) + "\"}}");
        Add("a binary frame", false, "binary:{\"type\":\"connection_init\"}");
        Add("subscribe before connection_init", false, Subscribe("\"1\"", "subscription { alerts { kind } }"));
        Add("a second connection_init", true, "{\"type\":\"connection_init\",\"payload\":{}}");
        Add("an unknown type", true, "{\"type\":\"hz\"}");
        Add("a next from the client", true, "{\"type\":\"next\",\"id\":\"1\",\"payload\":{}}");
        Add("subscribe with a numeric id", true, Subscribe("1", "subscription { alerts { kind } }"));
        Add("subscribe with an empty id", true, Subscribe("\"\"", "subscription { alerts { kind } }"));
        Add("subscribe with a 10,000-character id", true, Subscribe(JsonSerializer.Serialize(new string('i', 10_000)), "subscription { alerts { kind } }"));
        Add("subscribe without a payload", true, "{\"type\":\"subscribe\",\"id\":\"1\"}");
        Add("subscribe with a string payload", true, "{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":\"x\"}");
        Add("subscribe with an empty query", true, Subscribe("\"1\"", ""));
        Add("subscribe with a syntax error", true, Subscribe("\"1\"", "subscription {"));
        Add("subscribe to a KPI that never had data", true, Subscribe("\"1\"", "subscription { kpiValue(code: \"hz-never\") { avg } }"));
        Add("subscribe to a KPI with a lone surrogate code", true, Subscribe("\"1\"", "subscription($c: ID!) { kpiValue(code: $c) { avg } }", "{\"c\":\"\\ud800\"}"));
        Add("subscribe to a KPI with a traversal code", true, Subscribe("\"1\"", "subscription($c: ID!) { kpiValue(code: $c) { avg } }", "{\"c\":\"../../x\"}"));
        Add("subscribe to a cockpit with a hostile id", true, Subscribe("\"1\"", "subscription { cockpitUpdated(cockpitId: \"a b\") { version } }"));
        Add("subscribe with variables that are a string", true, Subscribe("\"1\"", "subscription { alerts { kind } }", "\"x\""));
        Add("subscribe with a query nested 300 deep", true, Subscribe("\"1\"", string.Concat(Enumerable.Repeat("{ me ", 300)) + new string('}', 300)));
        Add("the same id twice", true, Subscribe("\"1\"", $"subscription {{ kpiValue(code: \"{HostileApp.KpiCode}\") {{ avg }} }}"), Subscribe("\"1\"", "subscription { alerts { kind } }"));
        Add("complete for an unknown id", true, "{\"type\":\"complete\",\"id\":\"hz\"}");
        Add("complete without an id", true, "{\"type\":\"complete\"}");
        Add("a ping with a hostile payload", true, "{\"type\":\"ping\",\"payload\":{\"a\":[1,{\"b\":\"\\ud800\"}]}}");
        Add("a message over GraphQL:MaxRequestBytes", true, Subscribe("\"1\"", "subscription { alerts { kind } } #" + new string('x', 300_000)));
        Add("invalid UTF-8 in a text frame", true, "utf8:" + Convert.ToBase64String([.. "{\"type\":\"ping\",\"payload\":{\"a\":\""u8, 0xFF, 0xFE, .. "\"}}"u8]));
        return cases;
    }

    /// <summary>Null when the exchange is acceptable; otherwise what went wrong.</summary>
    public static async Task<string?> RunAsync(HostileApp app, GraphQLSocketCase c)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var client = app.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        using var socket = await client.ConnectAsync(new UriBuilder(app.Server.BaseAddress) { Scheme = "ws", Path = "/graphql" }.Uri, deadline.Token);
        if (c.Init)
        {
            await SendAsync(socket, $"{{\"type\":\"connection_init\",\"payload\":{{\"token\":{JsonSerializer.Serialize(Infrastructure.ApiFactory.AdminToken)}}}}}", deadline.Token);
            var ack = await ReceiveAsync(socket, deadline.Token);
            if (ack.Type != "connection_ack")
            {
                return $"a valid connection_init was answered {ack.Type} {ack.Text}";
            }
        }

        try
        {
            foreach (var frame in c.Frames)
            {
                await SendAsync(socket, frame, deadline.Token);
            }

            // A ping proves the socket still reads; every answer up to its pong (or the close) is checked.
            await SendAsync(socket, "{\"type\":\"ping\"}", deadline.Token);
        }
        catch (WebSocketException)
        {
            // The server closed while frames were still going out; its close frame says why.
        }

        while (true)
        {
            var (type, text, code) = await ReceiveAsync(socket, deadline.Token);
            if (type == "close")
            {
                // A polite client answers the close, so the server's session ends as it would with a browser.
                if (socket.State == WebSocketState.CloseReceived)
                {
                    try
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, deadline.Token);
                    }
                    catch (Exception gone) when (gone is IOException or ObjectDisposedException or WebSocketException)
                    {
                        // The server's side had already ended after its close frame (it need not wait for the answer).
                    }
                }

                return code switch
                {
                    null => $"the socket was dropped without a close frame ({text})",
                    var closed when !Refusals.Contains(closed.Value) => $"the socket closed with {closed} ({text})",
                    _ => null,
                };
            }

            if (text.Contains("\"INTERNAL\"", StringComparison.Ordinal))
            {
                return $"an INTERNAL error: {text}";
            }

            if (type == "pong")
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return null;
            }
        }
    }

    private static Task SendAsync(WebSocket socket, string frame, CancellationToken cancellation)
    {
        if (socket.State != WebSocketState.Open)
        {
            return Task.CompletedTask;
        }

        if (frame.StartsWith("binary:", StringComparison.Ordinal))
        {
            return socket.SendAsync(Encoding.UTF8.GetBytes(frame["binary:".Length..]), WebSocketMessageType.Binary, true, cancellation);
        }

        var bytes = frame.StartsWith("utf8:", StringComparison.Ordinal) ? Convert.FromBase64String(frame["utf8:".Length..]) : Encoding.UTF8.GetBytes(frame);
        return socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellation);
    }

    private static async Task<(string Type, string Text, int? Code)> ReceiveAsync(WebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await socket.ReceiveAsync(buffer, cancellation);
            }
            catch (WebSocketException closed)
            {
                return ("close", closed.Message, socket.CloseStatus is { } s ? (int)s : null);
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return ("close", received.CloseStatusDescription ?? string.Empty, received.CloseStatus is { } status ? (int)status : null);
            }

            text.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                var message = Encoding.UTF8.GetString(text.ToArray());
                using var json = JsonDocument.Parse(message);
                return (json.RootElement.TryGetProperty("type", out var type) ? type.GetString() ?? string.Empty : string.Empty, message, null);
            }
        }
    }
}
