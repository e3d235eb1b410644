using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// A real SignalR client of /hubs/cockpit (WebSockets, token in ?access_token=) that keeps every "kpiValue" it
/// receives as raw JSON, so tests check the wire shape and can await a particular value.
/// </summary>
public sealed class KpiHubProbe : IAsyncDisposable
{
    public const string KpiValue = "kpiValue";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly List<JsonElement> _received = [];
    private readonly List<(Func<JsonElement, bool> Match, TaskCompletionSource<JsonElement> Seen)> _waiters = [];

    private KpiHubProbe(HubConnection connection)
    {
        Connection = connection;
        Connection.On<JsonElement>(KpiValue, Record);
    }

    public HubConnection Connection { get; }

    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<KpiHubProbe> ConnectAsync(WebApplicationFactory<Program> host, string token)
    {
        var probe = new KpiHubProbe(TestHubConnections.Build(host, token));
        await probe.Connection.StartAsync();
        return probe;
    }

    /// <summary>The hub's answer: the current value, or null (JSON null) when the KPI has no data.</summary>
    public Task<JsonElement> SubscribeAsync(string code, string period) => Connection.InvokeAsync<JsonElement>("SubscribeKpi", code, period);

    public Task UnsubscribeAsync(string code, string period) => Connection.InvokeAsync("UnsubscribeKpi", code, period);

    /// <summary>The first "kpiValue" (already received or still to come) that matches; fails after a timeout naming what was awaited.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what)
    {
        TaskCompletionSource<JsonElement> seen;
        lock (_gate)
        {
            foreach (var body in _received)
            {
                if (match(body))
                {
                    return body;
                }
            }

            seen = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No 'kpiValue' {what} within {Timeout.TotalSeconds} s; received: " +
                string.Join(", ", Received.Select(b => b.GetRawText())));
        }
    }

    /// <summary>A pushed value of <paramref name="code"/> with at least <paramref name="count"/> points in its bucket.</summary>
    public Task<JsonElement> WaitForCountAsync(string code, string period, long count) =>
        WaitForAsync(v => v.GetProperty("code").GetString() == code && v.GetProperty("period").GetString() == period && v.GetProperty("count").GetInt64() >= count,
            $"for {code}:{period} with {count} point(s)");

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private void Record(JsonElement body)
    {
        lock (_gate)
        {
            _received.Add(body.Clone());
            foreach (var waiter in _waiters.Where(w => w.Match(body)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(body.Clone());
            }
        }
    }
}
