using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using DashboardFactory.Bench.FanOut;
using DashboardFactory.Bench.Reads;
using DashboardFactory.Telemetry;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// End-to-end push latency, ours against a bare SignalR hub in the same run: see <see cref="LatencyOptions.Usage"/>.
/// </summary>
public static class LatencyBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, dll, exitCode) = ModeStart.Prepare("latency", args, LatencyOptions.Parse, LatencyOptions.Usage, o => o.ApiDll);
        if (options is null || dll is null)
        {
            return exitCode;
        }

        Console.WriteLine($"== KPI push latency benchmark: clients {string.Join(", ", options.Clients)}; {options.Points} measured points per side " +
                          $"(+{options.Warmup} warm-up) at {options.Rate}/s in turns of {options.Block}; protocols {string.Join(", ", options.Protocols)}" +
                          $"{(options.Sse ? " + SSE" : "")}{(options.GraphQL ? " + GraphQL" : "")}; {options.ApiNodes} API node(s); {Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
        await using var servers = await Servers.StartAsync(options, dll);
        Console.WriteLine(options.ApiNodes == 1
            ? $"ours: {servers.Apis[0].BaseAddress} (Kestrel + embedded silo, in-memory providers); bare: {servers.Bare.BaseAddress}"
            : $"ours: {string.Join(", ", servers.Apis.Select(a => a.BaseAddress))} (client mode) on {servers.SiloCount} silos, PostgreSQL; bare: {servers.Bare.BaseAddress}");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiProcess.AdminToken);
        // A pass that is not reported: the JIT, the grains and both servers' connection paths warm up here, so the first
        // configuration measured does not pay for them (it used to: 1 client's p99 was the slowest of all quiet runs).
        foreach (var protocol in options.Protocols)
        {
            await MeasureAsync(options, servers, http, 1, "signalr", protocol, points: 30, report: false);
        }

        if (options.Sse)
        {
            await MeasureAsync(options, servers, http, 1, "sse", "json", points: 30, report: false);
        }

        if (options.GraphQL)
        {
            await MeasureAsync(options, servers, http, 1, "graphql", "json", points: 30, report: false);
        }

        Console.WriteLine("warm-up pass done (30 points per side and protocol, 1 client, not reported)");
        var results = new List<Result>();
        foreach (var clients in options.Clients)
        {
            foreach (var protocol in options.Protocols)
            {
                results.AddRange(await MeasureAsync(options, servers, http, clients, "signalr", protocol));
            }

            if (options.Sse)
            {
                results.AddRange(await MeasureAsync(options, servers, http, clients, "sse", "json"));
            }

            if (options.GraphQL)
            {
                results.AddRange(await MeasureAsync(options, servers, http, clients, "graphql", "json"));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"clients",7} {"transport",-9} {"protocol",-11} {"side",-5} {"samples",8} {"p50 ms",7} {"p99 ms",7} {"max ms",7} {"lost",5} {"cpu ms/pt",9}  ours/bare p99");
        foreach (var r in results)
        {
            var peer = results.FirstOrDefault(p => p.Clients == r.Clients && p.Transport == r.Transport && p.Protocol == r.Protocol && p.Side == "bare");
            var ratio = r.Side == "ours" && peer is not null ? $"{r.P(0.99) / peer.P(0.99),5:F2}" : "";
            Console.WriteLine($"{r.Clients,7:N0} {r.Transport,-9} {r.Protocol,-11} {r.Side,-5} {r.Samples.Length,8:N0} {r.P(0.50),7:F1} {r.P(0.99),7:F1} {r.Max,7:F1} {r.Lost,5} {r.CpuMsPerPoint,9:F2}  {ratio}");
        }

        var met = true;
        void Target(string what, bool ok)
        {
            met &= ok;
            Console.WriteLine($"target: {what}: {(ok ? "met" : "MISSED")}");
        }

        Result Ours(int clients) => results.First(r => r.Clients == clients && r.Transport == "signalr" && r.Protocol == options.Protocols[0] && r.Side == "ours");
        Result Bare(int clients) => results.First(r => r.Clients == clients && r.Transport == "signalr" && r.Protocol == options.Protocols[0] && r.Side == "bare");
        if (options.Clients.Contains(1))
        {
            Target($"1 client, SignalR {options.Protocols[0]}, p99 <= {options.TargetOneClientP99Ms} ms (ours {Ours(1).P(0.99):F1})", Ours(1).P(0.99) <= options.TargetOneClientP99Ms);
        }

        var most = options.Clients.Max();
        Target($"{most:N0} clients, SignalR {options.Protocols[0]}, p99 <= {options.TargetP99Ms} ms (ours {Ours(most).P(0.99):F1})", Ours(most).P(0.99) <= options.TargetP99Ms);
        Target($"{most:N0} clients, SignalR {options.Protocols[0]}, ours p99 / bare p99 <= {options.TargetRatio} ({Ours(most).P(0.99) / Bare(most).P(0.99):F2})",
            Ours(most).P(0.99) / Bare(most).P(0.99) <= options.TargetRatio);
        Target("no point lost by any client", results.All(r => r.Lost == 0));
        Console.WriteLine($"load average at the end: {Counters.LoadAverage()}");
        return met ? 0 : 1;
    }

    /// <summary>
    /// N clients on ours and N on the bare peer, both connected throughout; the two sides post in turns. GraphQL has no
    /// bare peer, so its runs are ours alone, at the same rate.
    /// </summary>
    private static async Task<Result[]> MeasureAsync(
        LatencyOptions options, Servers servers, HttpClient http, int clients, string transport, string protocol, int? points = null, bool report = true)
    {
        var code = $"lat-{clients}-{transport}-{protocol}-{Guid.NewGuid():N}"[..40];
        var total = options.Warmup + (points ?? options.Points);
        var ours = new Side("ours", new Receipts(clients, total, options.Warmup));
        var bare = new Side("bare", new Receipts(clients, total, options.Warmup));
        await KpiSeed.FirstPointAsync(http, new Uri(servers.Apis[0].BaseAddress, $"/api/kpis/{code}/points"));
        var connect = Stopwatch.StartNew();
        await using var oursClients = await ConnectAsync(servers.Apis.Select(a => a.BaseAddress).ToList(), transport, protocol, clients, ours.Receipts, code, bare: false);
        var sides = transport == "graphql" ? new[] { ours } : [ours, bare];
        await using var bareClients = sides.Contains(bare)
            ? await ConnectAsync([servers.Bare.BaseAddress], transport, protocol, clients, bare.Receipts, code, bare: true)
            : null;
        if (report)
        {
            Console.WriteLine($"{clients:N0} {transport} {protocol}: {sides.Length * clients:N0} clients connected in {connect.Elapsed.TotalSeconds:F1} s");
        }


        await using var nodeDelays = report && options.NodeDelays
            ? await RemoteHistogram.StartAsync(servers.Apis[0].Pid, FactoryMetrics.MeterName, FactoryMetrics.KpiValueDelay, TimeSpan.FromSeconds(1))
            : null;
        var interval = TimeSpan.FromSeconds(1 / options.Rate);
        var posts = new List<Task>();
        var sinceLastPost = Stopwatch.StartNew();
        while (sides.Any(s => s.Next <= total))
        {
            foreach (var side in sides)
            {
                var cpuBefore = side.Name == "ours" ? servers.OursCpu : servers.Bare.CpuTime;

                // Alone (GraphQL), a turn follows its own last one at once: keep the rate across turns, or each turn's
                // first point would come a few ms after the last push and wait out the coalescing window (100 ms).
                if (sides.Length == 1 && sinceLastPost.Elapsed < interval)
                {
                    await Task.Delay(interval - sinceLastPost.Elapsed);
                }

                var clock = Stopwatch.StartNew();
                var last = Math.Min(total, side.Next + options.Block - 1);
                for (var i = 0; side.Next <= last; i++, side.Next++)
                {
                    var due = interval * i;
                    if (clock.Elapsed < due)
                    {
                        await Task.Delay(due - clock.Elapsed);
                    }

                    var seq = side.Next;
                    var uri = side.Name == "ours"
                        ? new Uri(servers.Apis[(int)(seq % servers.Apis.Count)].BaseAddress, $"/api/kpis/{code}/points")
                        : new Uri(servers.Bare.BaseAddress, $"/points/{code}");
                    posts.Add(PostAsync(http, uri, seq, side.Receipts));
                    sinceLastPost.Restart();
                }

                // Let this turn's last point reach every client before the other side starts, so turns never overlap.
                var drain = Stopwatch.StartNew();
                while (side.Receipts.ClientsAtLeast(last) < clients && drain.Elapsed < TimeSpan.FromSeconds(5))
                {
                    await Task.Delay(5);
                }

                side.Cpu += (side.Name == "ours" ? servers.OursCpu : servers.Bare.CpuTime) - cpuBefore;
            }
        }

        await Task.WhenAll(posts);
        var results = sides.Select(s => new Result(clients, transport, protocol, s.Name, s.Receipts.Samples(), s.Receipts.Lost(total),
            s.Cpu.TotalMilliseconds / total)).ToArray();
        foreach (var r in report ? results : [])
        {
            Console.WriteLine($"  {r.Side}: p50 {r.P(0.5):F1} ms, p99 {r.P(0.99):F1} ms, max {r.Max:F1} ms, lost {r.Lost}");
        }

        foreach (var side in report && options.Slowest > 0 ? sides : [])
        {
            Console.WriteLine($"  {side.Name}, slowest points of client 1 (#seq ms [of which before publish], predecessor ms, ms since its receipt): " +
                              string.Join("; ", side.Receipts.Slowest(options.Slowest).Select(s =>
                                  $"#{s.Seq} {s.Ms:F1}{(double.IsNaN(s.BeforePublishMs) ? "" : $" [{s.BeforePublishMs:F1}]")}, {s.PreviousMs:F1}, {s.GapMs:F0}")));
        }

        if (nodeDelays is not null && (await nodeDelays.SettledAsync()) is { Count: > 0 } intervals)
        {
            Console.WriteLine($"  ours, stream grain publish -> API node ({intervals.Sum(i => i.Count)} values, its histogram per 1 s): " +
                              $"median interval p50 {intervals.Select(i => i.P50).Order().ElementAt(intervals.Count / 2):F1} ms, worst interval p99 {intervals.Max(i => i.P99):F1} ms");
        }

        return results;
    }

    private static async Task<IAsyncDisposable> ConnectAsync(IReadOnlyList<Uri> servers, string transport, string protocol, int clients, Receipts receipts, string code, bool bare)
    {
        if (transport == "graphql")
        {
            return await GraphQLClients.ConnectAsync(servers, clients, ApiProcess.AdminToken, code, receipts);
        }

        if (transport == "sse")
        {
            var urls = servers.Select(s => new Uri(s, bare ? $"/sse/{code}" : $"/api/streams/kpis/{code}?period=minute")).ToList();
            return await SseClients.ConnectAsync(urls, clients, bare ? null : ApiProcess.AdminToken, receipts);
        }

        var hubs = servers.Select(s => new Uri(s, bare ? BareHub.Path : "/hubs/cockpit?access_token=" + Uri.EscapeDataString(ApiProcess.AdminToken))).ToList();
        return await HubClients.ConnectAsync(hubs, clients, protocol == "messagepack", receipts, connection => bare
            ? connection.InvokeAsync("Join", code)
            : connection.InvokeAsync<object?>("SubscribeKpi", code, "minute"));
    }

    private static async Task PostAsync(HttpClient http, Uri uri, long seq, Receipts receipts)
    {
        var body = $"[{{\"id\":\"s{seq}\",\"ts\":\"{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}\",\"value\":{seq}}}]";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        receipts.Sent(seq);
        using var response = await http.PostAsync(uri, content);
        if (!response.IsSuccessStatusCode)
        {
            Console.WriteLine($"  POST {uri.AbsolutePath} point {seq}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private sealed class Side(string name, Receipts receipts)
    {
        public string Name { get; } = name;

        public Receipts Receipts { get; } = receipts;

        public long Next { get; set; } = 1;

        public TimeSpan Cpu { get; set; }
    }

    private sealed record Result(int Clients, string Transport, string Protocol, string Side, double[] Samples, long Lost, double CpuMsPerPoint)
    {
        public double Max => Samples.Length == 0 ? double.NaN : Samples[^1];

        public double P(double q) => Latencies.Percentile(Samples, q);
    }
}
