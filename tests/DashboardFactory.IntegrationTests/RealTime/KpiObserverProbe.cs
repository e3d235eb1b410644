using System.Collections.Concurrent;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>Plays an API node's <see cref="IKpiObserver"/>: keeps what the stream grains send it, and signals when a count is reached.</summary>
public sealed class KpiObserverProbe : IKpiObserver
{
    private readonly ConcurrentQueue<(string Key, KpiStreamEvent Event)> _received = new();
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expected;

    public KpiObserverProbe(int expected) => _expected = expected;

    public IReadOnlyList<(string Key, KpiStreamEvent Event)> Received => [.. _received];

    public Task OnKpiValueAsync(string key, KpiStreamEvent e)
    {
        _received.Enqueue((key, e));
        if (_received.Count >= _expected)
        {
            _reached.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task WaitAsync() => _reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
}
