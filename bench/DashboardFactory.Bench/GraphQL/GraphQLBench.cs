using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.Bench.FanOut;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.Bench.GraphQL;

/// <summary>
/// GraphQL subscription latency next to SignalR's, in one run: N hub clients and N graphql-transport-ws clients on
/// the same KPI of a Kestrel-hosted API, each publish measured on both from the stream grain's publishedAt to
/// receipt. Both transports hang off the same relay on the node, so the gap is what the GraphQL layer adds
/// (execution of the selection per event, serialization, its own socket).
/// </summary>
public static class GraphQLBench
{
    private const string Hub = "signalr";
    private const string GraphQL = "graphql";

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, dll, exitCode) = ModeStart.Prepare("graphql", args, GraphQLBenchOptions.Parse, GraphQLBenchOptions.Usage, o => o.ApiDll);
        if (options is null || dll is null)
        {
            return exitCode;
        }

        Console.WriteLine($"== GraphQL subscription latency: {options.Clients:N0} SignalR + {options.Clients:N0} GraphQL clients, " +
                          $"{options.Publishes} measured publishes (+{options.Warmup} warm-up), {Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
        await using var api = await ApiProcess.StartAsync(dll);
        Console.WriteLine($"api: {api.BaseAddress} (pid {api.Pid}), Kestrel + embedded silo, in-memory providers");
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiProcess.AdminToken);

        var code = $"gqlbench-{Guid.NewGuid():N}"[..32];
        var rounds = new Dictionary<int, Round>();
        var hubs = new List<HubConnection>();
        var sockets = new List<GraphQLWsClient>();
        await KpiSeed.FirstPointAsync(http, new Uri(api.BaseAddress, $"/api/kpis/{code}/points"));
        var connect = Stopwatch.StartNew();
        try
        {
            using (var gate = new SemaphoreSlim(25))
            {
                await Task.WhenAll(Enumerable.Range(0, options.Clients).SelectMany(_ => new[]
                {
                    Gated(gate, async () => { var c = await HubAsync(api.BaseAddress, code, rounds); lock (hubs) { hubs.Add(c); } }),
                    Gated(gate, async () => { var c = await GraphQLAsync(api.BaseAddress, code, rounds); lock (sockets) { sockets.Add(c); } }),
                }));
            }

            // Every client holds a lease (GraphQL's resolves once its subscribe has run): wait for them all.
            var wanted = 2 * options.Clients;
            while (connect.Elapsed < TimeSpan.FromSeconds(60))
            {
                var subscribers = await http.GetFromJsonAsync<JsonElement>($"/api/kpis/{code}/subscribers");
                if (subscribers.GetProperty("publishing").GetBoolean())
                {
                    break;
                }

                await Task.Delay(50);
            }

            Console.WriteLine($"clients: {wanted:N0} connected and subscribed to {code}:minute in {connect.Elapsed.TotalSeconds:F1} s");
            var samples = new Dictionary<string, List<double>> { [Hub] = [], [GraphQL] = [] };
            var lost = new Dictionary<string, int> { [Hub] = 0, [GraphQL] = 0 };
            var cpuBefore = api.CpuTime;
            var wall = Stopwatch.StartNew();
            for (var marker = 1; marker <= options.Warmup + options.Publishes; marker++)
            {
                var round = new Round(options.Clients);
                lock (rounds)
                {
                    rounds[marker] = round;
                }

                (await http.PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { id = $"p{marker}", ts = DateTimeOffset.UtcNow, value = (double)marker } }))
                    .EnsureSuccessStatusCode();
                var complete = await round.AllReceived.Task.WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(t => t.IsCompletedSuccessfully);
                if (marker <= options.Warmup)
                {
                    continue;
                }

                foreach (var transport in new[] { Hub, GraphQL })
                {
                    var got = round.Of(transport);
                    samples[transport].AddRange(got);
                    lost[transport] += options.Clients - got.Count;
                }

                Console.WriteLine($"  publish {marker - options.Warmup}: signalr {round.Of(Hub).Count}/{options.Clients} slowest {round.Of(Hub).DefaultIfEmpty().Max():F1} ms, " +
                                  $"graphql {round.Of(GraphQL).Count}/{options.Clients} slowest {round.Of(GraphQL).DefaultIfEmpty().Max():F1} ms{(complete ? "" : " (timed out)")}");
            }

            Console.WriteLine($"  {wall.Elapsed.TotalSeconds:F1} s wall, API CPU {(api.CpuTime - cpuBefore).TotalSeconds:F1} s");
            Console.WriteLine();
            Console.WriteLine($"{"transport",-10} {"clients",8} {"samples",8} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"lost",6}");
            var p99 = new Dictionary<string, double>();
            foreach (var transport in new[] { Hub, GraphQL })
            {
                var sorted = samples[transport].Order().ToArray();
                p99[transport] = Latencies.Percentile(sorted, 0.99);
                Console.WriteLine($"{transport,-10} {options.Clients,8:N0} {sorted.Length,8:N0} {Latencies.Percentile(sorted, 0.50),8:F1} {p99[transport],8:F1} " +
                                  $"{(sorted.Length == 0 ? double.NaN : sorted[^1]),8:F1} {lost[transport],6}");
            }

            var gap = p99[GraphQL] - p99[Hub];
            var met = lost[Hub] == 0 && lost[GraphQL] == 0 && gap <= options.MaxP99GapMs;
            Console.WriteLine($"target: GraphQL p99 within {options.MaxP99GapMs} ms of SignalR's (gap {gap:F1} ms), nothing lost: {(met ? "met" : "MISSED")}");
            return met ? 0 : 1;
        }
        finally
        {
            await Task.WhenAll(hubs.Select(h => h.DisposeAsync().AsTask()).Concat(sockets.Select(s => s.DisposeAsync().AsTask())));
        }
    }

    private static async Task Gated(SemaphoreSlim gate, Func<Task> connect)
    {
        await gate.WaitAsync();
        try
        {
            await connect();
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<HubConnection> HubAsync(Uri baseAddress, string code, Dictionary<int, Round> rounds)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/cockpit?access_token=" + Uri.EscapeDataString(ApiProcess.AdminToken)), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();
        connection.On<Received>("kpiValue", value =>
        {
            var at = DateTimeOffset.UtcNow;
            if (value.PublishedAt is { } published)
            {
                Record(rounds, (int)value.Last, Hub, (at - published).TotalMilliseconds);
            }
        });
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("SubscribeKpi", code, "minute");
        return connection;
    }

    private static Task<GraphQLWsClient> GraphQLAsync(Uri baseAddress, string code, Dictionary<int, Round> rounds) =>
        GraphQLWsClient.SubscribeAsync(
            new UriBuilder(baseAddress) { Scheme = "ws", Path = "/graphql" }.Uri,
            ApiProcess.AdminToken,
            $"subscription {{ kpiValue(code: \"{code}\") {{ last publishedAt }} }}",
            (at, payload) =>
            {
                var value = payload.GetProperty("data").GetProperty("kpiValue");
                if (value.GetProperty("publishedAt").ValueKind == JsonValueKind.String)
                {
                    Record(rounds, (int)value.GetProperty("last").GetDouble(), GraphQL, (at - value.GetProperty("publishedAt").GetDateTimeOffset()).TotalMilliseconds);
                }
            });

    private static void Record(Dictionary<int, Round> rounds, int marker, string transport, double ms)
    {
        Round? round;
        lock (rounds)
        {
            rounds.TryGetValue(marker, out round);
        }

        round?.Add(transport, ms);
    }

    private sealed record Received(double Last, DateTimeOffset? PublishedAt);

    /// <summary>One publish: each client's latency per transport, and a signal when every client of both has it.</summary>
    private sealed class Round(int clientsPerTransport)
    {
        private readonly Dictionary<string, List<double>> _latencies = new() { [Hub] = [], [GraphQL] = [] };

        public TaskCompletionSource AllReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<double> Of(string transport)
        {
            lock (_latencies)
            {
                return [.. _latencies[transport]];
            }
        }

        public void Add(string transport, double ms)
        {
            lock (_latencies)
            {
                _latencies[transport].Add(ms);
                if (_latencies.Values.All(l => l.Count >= clientsPerTransport))
                {
                    AllReceived.TrySetResult();
                }
            }
        }
    }
}
