using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// A real SignalR client of /hubs/cockpit on a test host, over WebSockets with the token in ?access_token=
/// as a browser sends it. Keeps every "cockpitUpdated" and "alert" it receives, as raw JSON, so tests check
/// the wire shape API.md promises.
/// </summary>
public sealed class CockpitHubProbe : IAsyncDisposable
{
    public const string CockpitUpdated = "cockpitUpdated";
    public const string Alert = "alert";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly List<(string Method, JsonElement Body)> _received = [];
    private readonly List<(string Method, Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Seen)> _waiters = [];

    private CockpitHubProbe(HubConnection connection)
    {
        Connection = connection;
        Connection.On<JsonElement>(CockpitUpdated, body => Record(CockpitUpdated, body));
        Connection.On<JsonElement>(Alert, body => Record(Alert, body));
    }

    public HubConnection Connection { get; }

    public static async Task<CockpitHubProbe> ConnectAsync(WebApplicationFactory<Program> host, string token)
    {
        var probe = new CockpitHubProbe(TestHubConnections.Build(host, token));
        await probe.Connection.StartAsync();
        return probe;
    }

    public Task JoinAsync(string cockpitId) => Connection.InvokeAsync("JoinCockpit", cockpitId);

    public Task LeaveAsync(string cockpitId) => Connection.InvokeAsync("LeaveCockpit", cockpitId);

    public IReadOnlyList<JsonElement> Received(string method)
    {
        lock (_gate)
        {
            return [.. _received.Where(r => r.Method == method).Select(r => r.Body)];
        }
    }

    public IReadOnlyList<JsonElement> UpdatesOf(string cockpitId) =>
        [.. Received(CockpitUpdated).Where(u => u.GetProperty("cockpitId").GetString() == cockpitId)];

    /// <summary>The first message (already received or still to come) that matches; fails after a timeout naming what was awaited.</summary>
    public async Task<JsonElement> WaitForAsync(string method, Func<JsonElement, bool> match, string what)
    {
        TaskCompletionSource<JsonElement> seen;
        lock (_gate)
        {
            foreach (var (m, body) in _received)
            {
                if (m == method && match(body))
                {
                    return body;
                }
            }

            seen = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((method, match, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No '{method}' {what} within {Timeout.TotalSeconds} s; received: " +
                string.Join(", ", Received(method).Select(b => b.GetRawText())));
        }
    }

    public Task<JsonElement> WaitForUpdateAsync(string cockpitId, Func<JsonElement, bool>? match = null) =>
        WaitForAsync(CockpitUpdated, u => u.GetProperty("cockpitId").GetString() == cockpitId && (match?.Invoke(u) ?? true), $"for cockpit {cockpitId}");

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private void Record(string method, JsonElement body)
    {
        lock (_gate)
        {
            _received.Add((method, body.Clone()));
            foreach (var waiter in _waiters.Where(w => w.Method == method && w.Match(body)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(body.Clone());
            }
        }
    }
}
