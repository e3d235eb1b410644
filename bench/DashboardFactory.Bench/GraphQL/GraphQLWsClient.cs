using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace DashboardFactory.Bench.GraphQL;

/// <summary>
/// A minimal graphql-transport-ws client for the bench (the integration tests use the npm reference client):
/// connection_init with the token, one subscription, and a callback per next with its receipt time taken first.
/// </summary>
public sealed class GraphQLWsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reading;

    public static async Task<GraphQLWsClient> SubscribeAsync(Uri url, string token, string query, Action<DateTimeOffset, JsonElement> onNext)
    {
        var client = new GraphQLWsClient();
        client._socket.Options.AddSubProtocol("graphql-transport-ws");
        await client._socket.ConnectAsync(url, CancellationToken.None);
        await client.SendAsync(new { type = "connection_init", payload = new { token } });
        using (var ack = await client.ReceiveAsync())
        {
            if (ack.RootElement.GetProperty("type").GetString() != "connection_ack")
            {
                throw new InvalidOperationException("GraphQL connection not acknowledged: " + ack.RootElement.GetRawText());
            }
        }

        await client.SendAsync(new { id = "1", type = "subscribe", payload = new { query } });
        client._reading = client.ReadAsync(onNext);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception error) when (error is WebSocketException or TimeoutException or OperationCanceledException)
        {
        }

        if (_reading is not null)
        {
            await _reading;
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(Action<DateTimeOffset, JsonElement> onNext)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var message = await ReceiveAsync();
                var at = DateTimeOffset.UtcNow;
                if (message.RootElement.GetProperty("type").GetString() == "next")
                {
                    onNext(at, message.RootElement.GetProperty("payload"));
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or WebSocketException or InvalidOperationException)
        {
        }
    }

    private Task SendAsync(object message) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, _stop.Token);

    private async Task<JsonDocument> ReceiveAsync()
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        while (true)
        {
            var frame = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (frame.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"closed by the server: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            message.Write(buffer, 0, frame.Count);
            if (frame.EndOfMessage)
            {
                return JsonDocument.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
            }
        }
    }
}
