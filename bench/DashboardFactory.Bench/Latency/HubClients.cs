using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.Bench.Latency;

/// <summary>N real SignalR clients (WebSockets) on one feed, each reporting its "kpiValue" receipts to a <see cref="Receipts"/>.</summary>
public sealed class HubClients : IAsyncDisposable
{
    private readonly HubConnection[] _connections;

    private HubClients(HubConnection[] connections) => _connections = connections;

    /// <summary>Connects client i to <paramref name="hubs"/>[i % count] and subscribes it with <paramref name="subscribe"/>.</summary>
    public static async Task<HubClients> ConnectAsync(IReadOnlyList<Uri> hubs, int clients, bool messagePack, Receipts receipts, Func<HubConnection, Task> subscribe)
    {
        var connections = new HubConnection[clients];
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var builder = new HubConnectionBuilder().WithUrl(hubs[i % hubs.Count], o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                });
                if (messagePack)
                {
                    builder.AddMessagePackProtocol();
                }

                var connection = builder.Build();
                var client = i;
                connection.On<LastValue>("kpiValue", v => receipts.Received(client, (long)v.Last, v.PublishedAt));
                await connection.StartAsync();
                await subscribe(connection);
                connections[i] = connection;
            }
            finally
            {
                gate.Release();
            }
        }));
        return new HubClients(connections);
    }

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(_connections.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
}
