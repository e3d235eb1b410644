using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// The reference GraphQL WebSocket client (npm graphql-ws over ws) in a node process, driven one JSON command per
/// line (tests/node-clients/graphql-ws-driver.mjs says which). Every event it prints is kept; tests await the one
/// they expect. node_modules comes from `npm ci`, which the build of this project runs when it is missing.
/// </summary>
public sealed class GraphQLWsDriver : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly Process _node;
    private readonly List<JsonElement> _events = [];
    private readonly Lock _gate = new();
    private readonly List<string> _stderr = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GraphQLWsDriver(Process node)
    {
        _node = node;
        _node.OutputDataReceived += (_, e) => OnLine(e.Data);
        _node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_gate)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        _node.BeginOutputReadLine();
        _node.BeginErrorReadLine();
    }

    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public static GraphQLWsDriver Start(Uri webSocketUrl)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "node-clients");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "graphql-ws")))
        {
            throw new InvalidOperationException($"{folder}/node_modules is missing: build the test project (it runs `npm ci` there) or run `npm ci` in {folder}.");
        }

        var start = new ProcessStartInfo("node", ["graphql-ws-driver.mjs", webSocketUrl.ToString()])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new GraphQLWsDriver(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    /// <summary>Starts the reference client on <paramref name="api"/> and waits for connection_ack (or a close).</summary>
    public static async Task<GraphQLWsDriver> ConnectAsync(KestrelApiFactory api, string? token)
    {
        var driver = Start(api.WebSocketAddress("/graphql"));
        await driver.SendAsync(new { cmd = "connect", token });
        return driver;
    }

    public async Task SendAsync(object command)
    {
        await _node.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command));
        await _node.StandardInput.FlushAsync();
    }

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { cmd = "subscribe", id, query, variables });

    public Task CompleteAsync(string id) => SendAsync(new { cmd = "complete", id });

    /// <summary>The first event (already printed or still to come) that matches; fails after the wait naming it and listing what came.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? DefaultWait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                foreach (var e in _events)
                {
                    if (match(e))
                    {
                        return e;
                    }
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (!await Eventually.CompletesWithinAsync(changed, left))
            {
                throw new TimeoutException($"The graphql-ws client did not report {what} within {within ?? DefaultWait}. Events: {Describe()}");
            }
        }
    }

    public Task<JsonElement> WaitForEventAsync(string name, string? id = null, TimeSpan? within = null) =>
        WaitForAsync(e => Is(e, name, id), id is null ? $"'{name}'" : $"'{name}' for {id}", within);

    /// <summary>The close the client saw (graphql-ws's closed event, or the raw socket's).</summary>
    public async Task<(int Code, string Reason)> WaitForCloseAsync(TimeSpan? within = null)
    {
        var closed = await WaitForEventAsync("closed", within: within);
        return (closed.GetProperty("code").GetInt32(), closed.GetProperty("reason").GetString() ?? string.Empty);
    }

    /// <summary>next payloads of one operation, in order received.</summary>
    public IReadOnlyList<JsonElement> Nexts(string id) => [.. Events.Where(e => Is(e, "next", id)).Select(e => e.GetProperty("payload"))];

    /// <summary>The next payload of <paramref name="id"/> whose data field satisfies <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForDataAsync(string id, string field, Func<JsonElement, bool> match, string what)
    {
        var e = await WaitForAsync(
            e => Is(e, "next", id) && e.GetProperty("payload").TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Object && match(value),
            what);
        return e.GetProperty("payload").GetProperty("data").GetProperty(field);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_node.HasExited)
            {
                await SendAsync(new { cmd = "exit" });
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _node.WaitForExitAsync(exited.Token);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or InvalidOperationException)
        {
            _node.Kill(entireProcessTree: true);
        }
        finally
        {
            _node.Dispose();
        }
    }

    private static bool Is(JsonElement e, string name, string? id) =>
        e.TryGetProperty("event", out var ev) && ev.GetString() == name
        && (id is null || (e.TryGetProperty("id", out var i) && i.GetString() == id));

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        JsonElement e;
        try
        {
            e = JsonDocument.Parse(line).RootElement.Clone();
        }
        catch (JsonException)
        {
            e = JsonSerializer.SerializeToElement(new JsonObject { ["event"] = "unparsed", ["line"] = line });
        }

        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(e);
            (changed, _changed) = (_changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        changed.TrySetResult();
    }

    private string Describe()
    {
        lock (_gate)
        {
            return string.Join(" | ", _events.Select(e => e.GetRawText())) + (_stderr.Count > 0 ? " STDERR: " + string.Join(" / ", _stderr) : string.Empty);
        }
    }
}
