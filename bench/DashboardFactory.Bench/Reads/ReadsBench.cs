using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DashboardFactory.Bench.FanOut;

namespace DashboardFactory.Bench.Reads;

/// <summary>
/// Cockpit reads benchmark: browsers reading cockpit pages from the real API (Kestrel + embedded silo, the
/// production hosting, as a child process). Most requests revalidate with the last ETag the "browser" saw and
/// get 304; the others load the page. The render cache hit ratio comes from the API's own cockpit.renders
/// counter (a render is a cache miss), read over EventPipe (see <see cref="RemoteCounter"/>). The baseline is the
/// same mix against /health/live of the same server in the same run: the raw HTTP stack's cost.
/// </summary>
public static class ReadsBench
{
    private const string Meter = "DashboardFactory.Cockpits";
    private const string Instrument = "cockpit.renders";

    public static async Task<int> RunAsync(string[] args)
    {
        var (parsed, dll, exitCode) = ModeStart.Prepare("reads", args, ReadsOptions.Parse, ReadsOptions.Usage, o => o.ApiDll);
        if (parsed is null || dll is null)
        {
            return exitCode;
        }

        var options = parsed;

        Console.WriteLine($"== cockpit reads benchmark: {options.Cockpits:N0} cockpits, {options.Requests:N0} page reads, concurrency {options.Concurrency}, " +
                          $"{options.RevalidatePercent}% revalidations, {options.Patches} changes during the run; " +
                          $"{Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
        Console.WriteLine("note: the bench client runs on the same machine as the API and shares its CPU; latencies include the client's own cost.");
        await using var api = await ApiProcess.StartAsync(dll);
        Console.WriteLine($"api: {api.BaseAddress} (pid {api.Pid}), Kestrel + embedded silo, in-memory providers");
        await using var renders = await RemoteCounter.StartAsync(api.Pid, Meter, Instrument, TimeSpan.FromSeconds(1), maxTimeSeries: options.Cockpits + 1000);
        Console.WriteLine($"renders: reading {Meter}/{Instrument} from the API over EventPipe (1 s interval)");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = api.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiProcess.AdminToken);

        // ------------------------------------------------------------------------------------------ seed ---
        var run = Guid.NewGuid().ToString("N")[..8];
        var owner = $"reads-{run}";
        (await http.PostAsJsonAsync("/api/users", new { id = owner, name = "Reads benchmark", role = "operator" })).EnsureSuccessStatusCode();
        var ids = Enumerable.Range(0, options.Cockpits).Select(i => $"rd-{run}-{i:D5}").ToArray();
        var seed = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, ct) =>
        {
            using var response = await http.PostAsJsonAsync("/api/cockpits", new { id, ownerId = owner, title = $"Cockpit {id}", cohorts = new[] { "reads" } }, ct);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/cockpits {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
        Console.WriteLine($"seed: {ids.Length:N0} cockpits created through POST /api/cockpits in {seed.Elapsed.TotalSeconds:F1} s (not measured)");

        // --------------------------------------------------------------------------------------- warm-up ---
        // Each cockpit's first read renders its page: the counter must see exactly one render per cockpit.
        var browser = new string?[ids.Length];
        var first = await renders.SettledTotalAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, ids.Length), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, ct) =>
        {
            using var response = await http.GetAsync($"/cockpits/{ids[i]}", ct);
            response.EnsureSuccessStatusCode();
            browser[i] = response.Headers.ETag?.Tag;
        });
        var firstRenders = await renders.SettledTotalAsync() - first;
        Console.WriteLine($"warm-up: {ids.Length:N0} first page reads rendered {firstRenders:N0} pages " +
                          $"({(firstRenders == ids.Length ? "one each, as expected: the counter works" : "EXPECTED one per cockpit")})");
        await RunAsync("warm-up", http, ids, browser, options.Warmup, options, patches: 0, health: false);
        await RunAsync("warm-up", http, ids, browser, options.Warmup, options, patches: 0, health: true);

        // --------------------------------------------------------------------------------------- measure ---
        // CPU is taken around each run alone, not the counter's settling waits; the idle cost of being observed
        // (the API publishing one delta per cockpit per second over EventPipe) is measured separately.
        var idleApi = api.CpuTime;
        var idle = Stopwatch.StartNew();
        var before = await renders.SettledTotalAsync();
        var idleCores = (api.CpuTime - idleApi).TotalSeconds / idle.Elapsed.TotalSeconds;
        var baseline = await MeasuredAsync("baseline", options.BaselineRequests ?? options.Requests, patches: 0, health: true);
        var baselineRenders = await renders.SettledTotalAsync() - before;
        before = await renders.SettledTotalAsync();
        var reads = await MeasuredAsync("reads", options.Requests, options.Patches, health: false);
        var readRenders = await renders.SettledTotalAsync() - before;

        async Task<Run> MeasuredAsync(string name, int requests, int patches, bool health)
        {
            var apiCpu = api.CpuTime;
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await RunAsync(name, http, ids, browser, requests, options, patches, health);
            result.Cpu(api.CpuTime - apiCpu, Process.GetCurrentProcess().TotalProcessorTime - benchCpu);
            return result;
        }

        // --------------------------------------------------------------------------------------- results ---
        Console.WriteLine();
        Console.WriteLine($"{"run / response",-34} {"count",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}");
        Row("baseline GET /health/live", baseline.All);
        Row("reads, all", reads.All);
        Row("reads, 304 Not Modified", reads.NotModified);
        Row("reads, 200 first load", reads.FirstLoads);
        Row("reads, 200 revalidated, changed", reads.Changed);
        Console.WriteLine();
        foreach (var r in new[] { baseline, reads })
        {
            Console.WriteLine($"{r.Name}: {r.All.Length:N0} requests in {r.Seconds:F2} s = {r.All.Length / r.Seconds:N0} requests/s; " +
                              $"CPU api {r.ApiCpu.TotalSeconds:F1} s ({1000 * r.ApiCpu.TotalSeconds / r.All.Length:F3} ms/request), " +
                              $"bench {r.BenchCpu.TotalSeconds:F1} s; errors {r.Errors}{(r.FirstError is null ? "" : $" (e.g. {r.FirstError})")}");
        }

        var revalidations = reads.NotModified.Length + reads.Changed.Length;
        Console.WriteLine($"reads: 304s {100.0 * reads.NotModified.Length / reads.All.Length:F1}% of page reads; " +
                          $"{revalidations:N0} revalidations: {reads.NotModified.Length:N0} got 304, {reads.Changed.Length:N0} got 200 with a new ETag " +
                          $"after {reads.Patches} cockpit changes (PATCH, {reads.PatchErrors} failed); {reads.FirstLoads.Length:N0} first loads");
        var hit = reads.All.Length == 0 ? double.NaN : 100 * (1 - readRenders / reads.All.Length);
        Console.WriteLine($"render cache: {readRenders:N0} renders for {reads.All.Length:N0} page reads = {hit:F3}% hits " +
                          $"(1 - renders / page reads; renders during the baseline: {baselineRenders:N0})" +
                          (renders.Error is null ? "" : $"; COUNTER ERROR: {renders.Error}"));
        Console.WriteLine($"ratio reads / baseline: throughput {reads.All.Length / reads.Seconds / (baseline.All.Length / baseline.Seconds):F2}x, " +
                          $"p50 {P(reads.All, 0.5) / P(baseline.All, 0.5):F2}x, p99 {P(reads.All, 0.99) / P(baseline.All, 0.99):F2}x, " +
                          $"API CPU per request {reads.ApiCpu.TotalSeconds / reads.All.Length / (baseline.ApiCpu.TotalSeconds / baseline.All.Length):F2}x");
        Console.WriteLine($"API CPU while idle between runs (the counter being read over EventPipe): {idleCores:P1} of a core");
        Console.WriteLine($"load average at the end: {Counters.LoadAverage()}");

        var p99 = P(reads.All, 0.99);
        var p99Met = p99 <= options.TargetP99Ms;
        var hitMet = hit >= options.TargetHitPercent && renders.Error is null;
        var clean = reads.Errors == 0 && baseline.Errors == 0 && reads.PatchErrors == 0;
        Console.WriteLine($"target: page read p99 <= {options.TargetP99Ms} ms: {(p99Met ? "met" : "MISSED")} ({p99:F2} ms); " +
                          $"render cache hits >= {options.TargetHitPercent}%: {(hitMet ? "met" : "MISSED")} ({hit:F3}%); " +
                          $"errors: {(clean ? "none" : "SOME")} — client and server share {Environment.ProcessorCount} cores, so the latencies are an upper bound " +
                          "for the server alone");
        return p99Met && hitMet && clean ? 0 : 1;
    }

    private static double P(double[] sorted, double q) => Latencies.Percentile(sorted, q);

    private static void Row(string name, double[] sorted) =>
        Console.WriteLine($"{name,-34} {sorted.Length,8:N0} {P(sorted, 0.50),8:F2} {P(sorted, 0.95),8:F2} {P(sorted, 0.99),8:F2} " +
                          $"{(sorted.Length == 0 ? double.NaN : sorted[^1]),8:F2}");

    /// <summary>
    /// <paramref name="requests"/> requests from <c>--concurrency</c> closed-loop workers. A request picks a cockpit
    /// at random and, when its browser holds an ETag, revalidates it with the configured probability; a 200 stores
    /// the new ETag as a browser would. With <paramref name="health"/> the same mix (headers included) goes to
    /// /health/live instead. <paramref name="patches"/> changes are spread evenly over the run, off the workers.
    /// </summary>
    private static async Task<Run> RunAsync(string name, HttpClient http, string[] ids, string?[] browser, int requests, ReadsOptions options, int patches, bool health)
    {
        var run = new Run(name);
        var workers = new Worker[Math.Min(options.Concurrency, Math.Max(1, requests))];
        var patchEvery = patches > 0 ? Math.Max(1, requests / (patches + 1)) : int.MaxValue;
        var patchTasks = new List<Task>();
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers.Length).Select(w => Task.Run(async () =>
        {
            var worker = workers[w] = new Worker();
            int n;
            while ((n = Interlocked.Increment(ref next)) < requests)
            {
                if (n > 0 && n % patchEvery == 0 && n / patchEvery <= patches)
                {
                    var task = PatchAsync(http, ids[Random.Shared.Next(ids.Length)], n, run);
                    lock (patchTasks)
                    {
                        patchTasks.Add(task);
                    }
                }

                var i = Random.Shared.Next(ids.Length);
                var known = Volatile.Read(ref browser[i]);
                var revalidate = known is not null && Random.Shared.Next(100) < options.RevalidatePercent;
                using var request = new HttpRequestMessage(HttpMethod.Get, health ? "/health/live" : $"/cockpits/{ids[i]}");
                if (revalidate)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", known);
                }

                var start = Stopwatch.GetTimestamp();
                HttpStatusCode status;
                EntityTagHeaderValue? etag;
                try
                {
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    status = response.StatusCode;
                    etag = response.Headers.ETag;
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    run.Error(error.Message);
                    continue;
                }

                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                worker.All.Add(ms);
                switch (status)
                {
                    case HttpStatusCode.NotModified when !health:
                        worker.NotModified.Add(ms);
                        break;
                    case HttpStatusCode.OK when health:
                        break;
                    case HttpStatusCode.OK:
                        (revalidate ? worker.Changed : worker.FirstLoads).Add(ms);
                        if (etag is not null)
                        {
                            Volatile.Write(ref browser[i], etag.Tag);
                        }

                        break;
                    default:
                        run.Error($"{(int)status} from {request.RequestUri}");
                        break;
                }
            }
        })));
        wall.Stop();
        await Task.WhenAll(patchTasks);
        run.Finish(wall.Elapsed.TotalSeconds, workers);
        return run;
    }

    private static async Task PatchAsync(HttpClient http, string id, int n, Run run)
    {
        using var content = new StringContent($$"""{"title":"Cockpit {{id}} changed at request {{n}}"}""", Encoding.UTF8, "application/merge-patch+json");
        using var response = await http.PatchAsync($"/api/cockpits/{id}", content);
        run.Patched(response.IsSuccessStatusCode);
    }

    private sealed class Worker
    {
        public List<double> All { get; } = [];

        public List<double> NotModified { get; } = [];

        public List<double> FirstLoads { get; } = [];

        public List<double> Changed { get; } = [];
    }

    /// <summary>One run's latencies (ms, ascending) by kind of response, errors and CPU.</summary>
    private sealed class Run(string name)
    {
        private int _errors;
        private int _patches;
        private int _patchErrors;

        public string Name { get; } = name;

        public double Seconds { get; private set; }

        public double[] All { get; private set; } = [];

        public double[] NotModified { get; private set; } = [];

        public double[] FirstLoads { get; private set; } = [];

        public double[] Changed { get; private set; } = [];

        public int Errors => Volatile.Read(ref _errors);

        public string? FirstError { get; private set; }

        public int Patches => Volatile.Read(ref _patches);

        public int PatchErrors => Volatile.Read(ref _patchErrors);

        public TimeSpan ApiCpu { get; private set; }

        public TimeSpan BenchCpu { get; private set; }

        public void Error(string message)
        {
            if (Interlocked.Increment(ref _errors) == 1)
            {
                FirstError = message;
            }
        }

        public void Patched(bool ok)
        {
            Interlocked.Increment(ref _patches);
            if (!ok)
            {
                Interlocked.Increment(ref _patchErrors);
            }
        }

        public void Finish(double seconds, Worker[] workers)
        {
            Seconds = seconds;
            All = [.. workers.SelectMany(w => w.All).Order()];
            NotModified = [.. workers.SelectMany(w => w.NotModified).Order()];
            FirstLoads = [.. workers.SelectMany(w => w.FirstLoads).Order()];
            Changed = [.. workers.SelectMany(w => w.Changed).Order()];
        }

        public void Cpu(TimeSpan api, TimeSpan bench) => (ApiCpu, BenchCpu) = (api, bench);
    }
}
