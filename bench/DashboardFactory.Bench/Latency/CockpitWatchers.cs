using System.Collections.Concurrent;
using DashboardFactory.Bench.FanOut;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// The browsers of the rollout benchmark's <c>--watch</c>: an API node in client mode (a child process) on the
/// benchmark's silos, and one SignalR client per watched cockpit (JoinCockpit). Each "cockpitUpdated" is timed from
/// its updatedAt, which the cockpit grain sets just before it writes its state, to the client's receipt (the whole
/// path of a factory update to a browser, the state write included), and from its publishedAt, which the grain sets
/// once the state is written and indexed, as the event leaves it (state written to browser).
/// </summary>
public sealed class CockpitWatchers : IAsyncDisposable
{
    private readonly ApiProcess _api;
    private readonly List<HubConnection> _connections = [];
    private readonly ConcurrentQueue<double> _latencies = new();
    private readonly ConcurrentQueue<double> _fromWrite = new();
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;
    private int _announced;

    private CockpitWatchers(ApiProcess api, int count)
    {
        _api = api;
        Count = count;
    }

    public int Count { get; }

    public TimeSpan ApiCpu => _api.CpuTime;

    /// <summary>Updates without publishedAt: changes the API node announced at a lease renewal, not as they were sent.</summary>
    public int AnnouncedAtRenewal => Volatile.Read(ref _announced);

    public static async Task<CockpitWatchers> StartAsync(string apiDll, string postgres, string clusterId, IReadOnlyList<string> cockpitIds)
    {
        var api = await ApiProcess.StartAsync(apiDll,
            ["--Orleans:Mode=Client", $"--ConnectionStrings:Postgres={postgres}", $"--Orleans:ClusterId={clusterId}", $"--Orleans:ServiceId={clusterId}"]);
        var watchers = new CockpitWatchers(api, cockpitIds.Count);
        var hub = new Uri(api.BaseAddress, "/hubs/cockpit?access_token=" + Uri.EscapeDataString(ApiProcess.AdminToken));
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(cockpitIds.Select(async id =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = new HubConnectionBuilder().WithUrl(hub, o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                }).Build();
                connection.On<Update>("cockpitUpdated", update => watchers.Record(update));
                await connection.StartAsync();
                await connection.InvokeAsync("JoinCockpit", id);
                lock (watchers._connections)
                {
                    watchers._connections.Add(connection);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return watchers;
    }

    /// <summary>
    /// The latencies from updatedAt and from publishedAt, each ascending, once every watcher had its update or
    /// <paramref name="timeout"/> passed.
    /// </summary>
    public async Task<(double[] FromUpdatedAt, double[] FromWrite)> WaitAsync(TimeSpan timeout)
    {
        await _all.Task.WaitAsync(timeout).ContinueWith(_ => { }, TaskScheduler.Default);
        return ([.. _latencies.Order()], [.. _fromWrite.Order()]);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_connections.Select(c => c.DisposeAsync().AsTask()));
        await _api.DisposeAsync();
    }

    private void Record(Update update)
    {
        // The receipt time first: everything after this line is the bench's own cost.
        var at = DateTimeOffset.UtcNow;
        _latencies.Enqueue((at - update.UpdatedAt).TotalMilliseconds);
        if (update.PublishedAt is { } published)
        {
            _fromWrite.Enqueue((at - published).TotalMilliseconds);
        }
        else
        {
            Interlocked.Increment(ref _announced);
        }

        if (Interlocked.Increment(ref _received) == Count)
        {
            _all.TrySetResult();
        }
    }

    /// <summary>The fields of "cockpitUpdated" the bench reads.</summary>
    private sealed record Update(string CockpitId, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt);
}
