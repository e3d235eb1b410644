using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.Drills;

/// <summary>
/// A SignalR client with the reconnect logic a browser page would have: when its connection closes it tries each
/// API node in turn (its own first), and on the node that accepts it joins its cockpit and subscribes its KPI again.
/// Events are kept with the node they arrived through.
/// </summary>
public sealed class RoamingHubClient(IReadOnlyList<Uri> nodes, string token, string cockpitId, string kpiCode) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<(string Event, int Node, JsonElement Body)> _events = [];
    private readonly CancellationTokenSource _stopped = new();
    private HubConnection? _connection;
    private Task _reconnecting = Task.CompletedTask;

    /// <summary>The node the client is connected to now, -1 while it is between nodes.</summary>
    public int Node { get; private set; } = -1;

    public int Reconnections { get; private set; }

    public IReadOnlyList<(string Event, int Node, JsonElement Body)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task ConnectAsync(int node) => ConnectToAsync(node);

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        await Eventually.CompletesWithinAsync(_reconnecting, TimeSpan.FromSeconds(10));
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _stopped.Dispose();
    }

    private async Task ConnectToAsync(int node)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(nodes[node], "/hubs/cockpit?access_token=" + Uri.EscapeDataString(token)), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        connection.On<JsonElement>("cockpitUpdated", e => Record("cockpitUpdated", node, e));
        connection.On<JsonElement>("kpiValue", e => Record("kpiValue", node, e));
        connection.Closed += _ =>
        {
            Node = -1;
            if (!_stopped.IsCancellationRequested)
            {
                _reconnecting = RoamAsync(node);
            }

            return Task.CompletedTask;
        };
        await connection.StartAsync(_stopped.Token);
        await connection.InvokeAsync("JoinCockpit", cockpitId, _stopped.Token);
        await connection.InvokeAsync<JsonElement?>("SubscribeKpi", kpiCode, "minute", _stopped.Token);
        var old = _connection;
        _connection = connection;
        Node = node;
        if (old is not null)
        {
            await old.DisposeAsync();
        }
    }

    /// <summary>The node it lost first, then the others, round and round, until one takes it or the client is disposed.</summary>
    private async Task RoamAsync(int lost)
    {
        for (var attempt = 0; !_stopped.IsCancellationRequested; attempt++)
        {
            var node = (lost + attempt) % nodes.Count;
            try
            {
                await ConnectToAsync(node);
                Reconnections++;
                return;
            }
            catch (Exception) when (!_stopped.IsCancellationRequested)
            {
                // Refused or failed half-way: the next node. A short pause once every node has refused.
                if (attempt % nodes.Count == nodes.Count - 1)
                {
                    // Real time on purpose: a browser's SignalR client pauses between reconnect rounds, and the drill plays one.
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Record(string name, int node, JsonElement body)
    {
        lock (_gate)
        {
            _events.Add((name, node, body.Clone()));
        }
    }
}
