using System.Net.Http.Headers;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;

namespace DashboardFactory.IntegrationTests.Drills;

/// <summary>
/// An EventSource-like client of /api/streams/kpis/{code}: reads kpiValue events, and when the stream breaks it
/// reconnects (its own node first, then the others) with Last-Event-ID, as browsers do.
/// </summary>
public sealed class RoamingSseClient : IAsyncDisposable
{
    private readonly IReadOnlyList<Uri> _nodes;
    private readonly string _token;
    private readonly string _code;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stopped = new();
    private readonly Lock _gate = new();
    private readonly List<(int Node, JsonElement Body)> _events = [];
    private readonly TaskCompletionSource _firstOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;
    private string? _lastEventId;

    public RoamingSseClient(IReadOnlyList<Uri> nodes, string token, string code) => (_nodes, _token, _code) = (nodes, token, code);

    public int Node { get; private set; } = -1;

    public int Reconnections { get; private set; }

    public IReadOnlyList<(int Node, JsonElement Body)> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Opens the stream on <paramref name="node"/>; returns once the response headers arrived.</summary>
    public Task ConnectAsync(int node)
    {
        _reading = ReadLoopAsync(node);
        return _firstOpen.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        await Eventually.CompletesWithinAsync(_reading, TimeSpan.FromSeconds(10));
        _http.Dispose();
        _stopped.Dispose();
    }

    private async Task ReadLoopAsync(int first)
    {
        var node = first;
        var opened = false;
        while (!_stopped.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_nodes[node], $"/api/streams/kpis/{_code}?period=minute"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (_lastEventId is not null)
                {
                    request.Headers.Add("Last-Event-ID", _lastEventId);
                }

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stopped.Token);
                response.EnsureSuccessStatusCode();

                // Disposing the client must close the stream at once, as a closed browser tab does.
                await using var closeOnStop = _stopped.Token.Register(response.Dispose);
                Node = node;
                if (opened)
                {
                    Reconnections++;
                }

                opened = true;
                _firstOpen.TrySetResult();
                using var reader = new SseReader(await response.Content.ReadAsStreamAsync(_stopped.Token));
                while (!_stopped.IsCancellationRequested)
                {
                    var block = await reader.NextEventAsync(TimeSpan.FromMinutes(5));
                    _lastEventId = block.Id ?? _lastEventId;
                    lock (_gate)
                    {
                        _events.Add((node, JsonDocument.Parse(block.Data!).RootElement.Clone()));
                    }
                }
            }
            catch (Exception) when (!_stopped.IsCancellationRequested)
            {
                // The stream broke or the node refused: the next node, after a short pause once every node refused.
                Node = -1;
                node = (node + 1) % _nodes.Count;
                if (node == first)
                {
                    // Real time on purpose: a browser's EventSource pauses before it tries again, and the drill plays one.
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
