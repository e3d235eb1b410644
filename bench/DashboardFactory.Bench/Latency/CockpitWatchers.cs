using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DashboardFactory.Bench.FanOut;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// The browsers of the rollout benchmark's <c>--watch</c>: an API node in client mode (a child process) on the
/// benchmark's silos, and one SignalR client per watched cockpit (JoinCockpit) in a process of their own (another
/// child: browsers never share the silo's thread pool, and in the bench's own process each receipt waited behind the
/// rollout's work). Each "cockpitUpdated" is timed from its updatedAt, which the cockpit grain sets just before it
/// writes its state, to the client's receipt (the whole path of a factory update to a browser, the state write
/// included), and from its publishedAt, which the grain sets once the state is written and indexed, as the event
/// leaves it (state written to browser). The clients report each receipt as a line on their standard output.
/// </summary>
public sealed class CockpitWatchers : IAsyncDisposable
{
    private readonly ApiProcess _api;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? _browsers;
    private Round _round = new();

    private CockpitWatchers(ApiProcess api, int count)
    {
        _api = api;
        Count = count;
    }

    public int Count { get; }

    /// <summary>Each update received as sent: when the cockpit sent it and when its client got it (UTC ticks).</summary>
    public IReadOnlyCollection<(long PublishedTicks, long ReceiptTicks)> Sent => _round.Sent;

    public TimeSpan ApiCpu => _api.CpuTime;

    /// <summary>The API node's process, for reading its metrics over EventPipe.</summary>
    public int ApiPid => _api.Pid;

    /// <summary>Updates without publishedAt: changes the API node announced at a lease renewal, not as they were sent.</summary>
    public int AnnouncedAtRenewal => Volatile.Read(ref _round.Announced);

    public static async Task<CockpitWatchers> StartAsync(string apiDll, string postgres, string clusterId, IReadOnlyList<string> cockpitIds)
    {
        var api = await ApiProcess.StartAsync(apiDll,
            ["--Orleans:Mode=Client", $"--ConnectionStrings:Postgres={postgres}", $"--Orleans:ClusterId={clusterId}", $"--Orleans:ServiceId={clusterId}"]);
        var watchers = new CockpitWatchers(api, cockpitIds.Count);
        var hub = new Uri(api.BaseAddress, "/hubs/cockpit?access_token=" + Uri.EscapeDataString(ApiProcess.AdminToken));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(CockpitWatchers).Assembly.Location, "watch-clients", hub.ToString(), string.Join(',', cockpitIds) })
        {
            start.ArgumentList.Add(arg);
        }

        var browsers = Process.Start(start) ?? throw new InvalidOperationException("the browsers' process did not start");
        watchers._browsers = browsers;
        browsers.OutputDataReceived += (_, e) => watchers.OnLine(e.Data);
        browsers.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.WriteLine($"  browsers! {line}"); };
        browsers.BeginOutputReadLine();
        browsers.BeginErrorReadLine();
        await watchers._ready.Task.WaitAsync(TimeSpan.FromSeconds(240));
        return watchers;
    }

    /// <summary>
    /// The latencies from updatedAt and from publishedAt, each ascending, once every watcher had its update or
    /// <paramref name="timeout"/> passed.
    /// </summary>
    public async Task<(double[] FromUpdatedAt, double[] FromWrite)> WaitAsync(TimeSpan timeout)
    {
        var round = _round;
        await round.All.Task.WaitAsync(timeout).ContinueWith(_ => { }, TaskScheduler.Default);
        return ([.. round.Latencies.Order()], [.. round.FromWrite.Order()]);
    }

    /// <summary>
    /// A round before the measured one: <paramref name="change"/> changes every watched cockpit once, and this waits
    /// until each client got its update, so the node, the silo's link and every client have run their paths once (a
    /// browser open for a while has; the first update through a fresh process pays its JIT and serializer set-up,
    /// 50-120 ms). Returns the round's latencies (state written to receipt, ascending), then starts a clean round.
    /// </summary>
    public async Task<double[]> WarmUpAsync(Func<Task> change, TimeSpan timeout)
    {
        var round = _round = new Round();
        await change();
        await round.All.Task.WaitAsync(timeout);
        _round = new Round();
        return [.. round.FromWrite.Order()];
    }

    public async ValueTask DisposeAsync()
    {
        if (_browsers is { HasExited: false } browsers)
        {
            browsers.Kill(entireProcessTree: true);
            await browsers.WaitForExitAsync();
        }

        _browsers?.Dispose();
        await _api.DisposeAsync();
    }

    /// <summary>
    /// The browsers' process: connects one client per cockpit, joins it, says "ready", then reports each cockpitUpdated
    /// as "U receipt updatedAt publishedAt" (UTC ticks, "-" for none) until it is stopped.
    /// </summary>
    public static async Task<int> RunClientsAsync(string[] args)
    {
        if (args is not [var hubUrl, var ids])
        {
            Console.Error.WriteLine("usage: DashboardFactory.Bench watch-clients <hub url with access_token> <cockpit id,...>");
            return 2;
        }

        var output = Console.Out;
        var connections = new ConcurrentBag<HubConnection>();
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(ids.Split(',').Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = new HubConnectionBuilder().WithUrl(new Uri(hubUrl), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                }).Build();
                connection.On<Update>("cockpitUpdated", update =>
                {
                    // The receipt time first: everything after this line is the bench's own cost.
                    var at = DateTimeOffset.UtcNow.UtcTicks;
                    var published = update.PublishedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "-";
                    lock (output)
                    {
                        output.WriteLine($"U {at} {update.UpdatedAt.UtcTicks} {published}");
                    }
                });
                await connection.StartAsync();
                await connection.InvokeAsync("JoinCockpit", id);
                connections.Add(connection);
            }
            finally
            {
                gate.Release();
            }
        }));
        lock (output)
        {
            output.WriteLine("ready");
        }

        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private void OnLine(string? line)
    {
        if (line == "ready")
        {
            _ready.TrySetResult();
            return;
        }

        if (line is null || !line.StartsWith("U ", StringComparison.Ordinal))
        {
            if (line is { Length: > 0 })
            {
                Console.WriteLine($"  browsers: {line}");
            }

            return;
        }

        var parts = line.Split(' ');
        var at = long.Parse(parts[1], CultureInfo.InvariantCulture);
        var round = _round;
        round.Latencies.Enqueue(TimeSpan.FromTicks(at - long.Parse(parts[2], CultureInfo.InvariantCulture)).TotalMilliseconds);
        if (parts[3] == "-")
        {
            Interlocked.Increment(ref round.Announced);
        }
        else
        {
            var published = long.Parse(parts[3], CultureInfo.InvariantCulture);
            round.FromWrite.Enqueue(TimeSpan.FromTicks(at - published).TotalMilliseconds);
            round.Sent.Enqueue((published, at));
        }

        if (Interlocked.Increment(ref round.Received) == Count)
        {
            round.All.TrySetResult();
        }
    }

    /// <summary>The receipts of one round of updates (one per watched cockpit).</summary>
    private sealed class Round
    {
        public readonly ConcurrentQueue<double> Latencies = new();
        public readonly ConcurrentQueue<double> FromWrite = new();
        public readonly ConcurrentQueue<(long PublishedTicks, long ReceiptTicks)> Sent = new();
        public readonly TaskCompletionSource All = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Received;
        public int Announced;
    }

    /// <summary>The fields of "cockpitUpdated" the bench reads.</summary>
    private sealed record Update(string CockpitId, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt);
}
