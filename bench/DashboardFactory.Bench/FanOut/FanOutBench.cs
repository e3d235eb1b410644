using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.Bench.FanOut;

/// <summary>
/// KPI fan-out benchmark: one KPI, N real SignalR clients on a Kestrel-hosted API, latency from the KPI stream
/// grain's publish to each client's receipt. The baseline is the same path with one client, in the same run, so
/// the difference is what fanning out to N costs.
/// </summary>
public static class FanOutBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (parsed, dll, exitCode) = ModeStart.Prepare("fanout", args, FanOutOptions.Parse, FanOutOptions.Usage, o => o.ApiDll);
        if (parsed is null || dll is null)
        {
            return exitCode;
        }

        var options = parsed;

        Console.WriteLine($"== KPI fan-out benchmark: {options.Clients:N0} clients, {options.Publishes} measured publishes (+{options.Warmup} warm-up), " +
                          $"{Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
        await using var api = await ApiProcess.StartAsync(dll);
        Console.WriteLine($"api: {api.BaseAddress} (pid {api.Pid}), Kestrel + embedded silo, in-memory providers");
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiProcess.AdminToken);

        var baseline = await RunOnceAsync("baseline", api, http, 1, options);
        var fanOut = await RunOnceAsync("fan-out", api, http, options.Clients, options);

        Console.WriteLine();
        Console.WriteLine($"{"run",-10} {"clients",8} {"samples",8} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"lost",6}");
        foreach (var r in new[] { baseline, fanOut })
        {
            Console.WriteLine($"{r.Name,-10} {r.Clients,8:N0} {r.Samples.Length,8:N0} {r.P(0.50),8:F1} {r.P(0.99),8:F1} {r.Max,8:F1} {r.Lost,6}");
        }

        var met = fanOut.Lost == 0 && fanOut.P(0.99) <= options.TargetP99Ms;
        Console.WriteLine($"target: p99 <= {options.TargetP99Ms} ms with {options.Clients:N0} clients and nothing lost: {(met ? "met" : "MISSED")}");
        return met ? 0 : 1;
    }

    private static async Task<Result> RunOnceAsync(string name, ApiProcess api, HttpClient http, int clients, FanOutOptions options)
    {
        var code = $"fanout-{name}-{Guid.NewGuid():N}"[..40];
        var rounds = new Dictionary<int, Round>();
        var connections = new HubConnection[clients];
        await KpiSeed.FirstPointAsync(http, new Uri(api.BaseAddress, $"/api/kpis/{code}/points"));
        var connect = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(50))
        {
            await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    connections[i] = await ConnectAsync(api.BaseAddress, code, rounds);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        Console.WriteLine($"{name}: {clients:N0} client(s) connected and subscribed to {code}:minute in {connect.Elapsed.TotalSeconds:F1} s");
        var samples = new List<double>();
        var lost = 0;
        var cpuBefore = api.CpuTime;
        var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        try
        {
            for (var marker = 1; marker <= options.Warmup + options.Publishes; marker++)
            {
                var round = new Round(clients);
                lock (rounds)
                {
                    rounds[marker] = round;
                }

                var response = await http.PostAsJsonAsync($"/api/kpis/{code}/points",
                    new[] { new { id = $"p{marker}", ts = DateTimeOffset.UtcNow, value = (double)marker } });
                response.EnsureSuccessStatusCode();
                var all = await round.AllReceived.Task.WaitAsync(TimeSpan.FromSeconds(15)).ContinueWith(t => t.IsCompletedSuccessfully);
                var received = round.Received;
                if (marker > options.Warmup)
                {
                    samples.AddRange(round.Latencies.Take(received));
                    lost += clients - received;
                    Console.WriteLine($"  {name} publish {marker - options.Warmup}: {received:N0}/{clients:N0} received, " +
                                      $"first {round.Latencies.Take(received).DefaultIfEmpty().Min():F1} ms, " +
                                      $"slowest {round.Latencies.Take(received).DefaultIfEmpty().Max():F1} ms{(all ? "" : " (timed out)")}");
                }
            }
        }
        finally
        {
            var apiCpu = (api.CpuTime - cpuBefore).TotalSeconds;
            var benchCpu = (Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore).TotalSeconds;
            Console.WriteLine($"  {name}: {wall.Elapsed.TotalSeconds:F1} s wall, CPU api {apiCpu:F1} s, bench (clients) {benchCpu:F1} s");
            await Task.WhenAll(connections.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
        }

        return new Result(name, clients, [.. samples.Order()], lost);
    }

    private static async Task<HubConnection> ConnectAsync(Uri baseAddress, string code, Dictionary<int, Round> rounds)
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
            // The receipt time first: everything after this line is the bench's own cost.
            var at = DateTimeOffset.UtcNow;
            if (value.PublishedAt is not { } published)
            {
                return;
            }

            Round? round;
            lock (rounds)
            {
                rounds.TryGetValue((int)value.Last, out round);
            }

            round?.Add((at - published).TotalMilliseconds);
        });
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("SubscribeKpi", code, "minute");
        return connection;
    }

    /// <summary>The two fields of "kpiValue" the bench reads; binding only these keeps the clients' own CPU cost down.</summary>
    private sealed record Received(double Last, DateTimeOffset? PublishedAt);

    /// <summary>One publish: each client's latency, and a signal when every client has it.</summary>
    private sealed class Round(int clients)
    {
        private int _received;

        public double[] Latencies { get; } = new double[clients];

        public TaskCompletionSource AllReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Received => Math.Min(Volatile.Read(ref _received), Latencies.Length);

        public void Add(double ms)
        {
            var i = Interlocked.Increment(ref _received) - 1;
            if (i < Latencies.Length)
            {
                Latencies[i] = ms;
            }

            if (i == Latencies.Length - 1)
            {
                AllReceived.TrySetResult();
            }
        }
    }

    private sealed record Result(string Name, int Clients, double[] Samples, int Lost)
    {
        public double Max => Samples.Length == 0 ? double.NaN : Samples[^1];

        public double P(double q) => Latencies.Percentile(Samples, q);
    }
}
