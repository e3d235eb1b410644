using DashboardFactory.Kpis;
using Orleans.Streams;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// Listens on a KPI stream ("kpi-values", key "{code}:{period}") as an API node does, through a cluster client,
/// and keeps every event in arrival order so a test can await one and check what came before it.
/// </summary>
public sealed class KpiStreamProbe : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly List<KpiStreamEvent> _received = [];
    private readonly List<(Func<KpiStreamEvent, bool> Match, TaskCompletionSource<KpiStreamEvent> Seen)> _waiters = [];
    private StreamSubscriptionHandle<KpiStreamEvent>? _handle;

    private KpiStreamProbe(string key) => Key = key;

    public string Key { get; }

    public IReadOnlyList<KpiStreamEvent> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<KpiStreamProbe> SubscribeAsync(IClusterClient client, string key)
    {
        var probe = new KpiStreamProbe(key);
        probe._handle = await client.GetStreamProvider(ProviderNames.Streams)
            .GetStream<KpiStreamEvent>(StreamId.Create(StreamNamespaces.KpiValues, key))
            .SubscribeAsync((e, _) =>
            {
                probe.Record(e);
                return Task.CompletedTask;
            });
        return probe;
    }

    /// <summary>The first event with at least <paramref name="count"/> points in bucket <paramref name="bucket"/>, already received or still to come.</summary>
    public async Task<KpiStreamEvent> WaitForAsync(DateTimeOffset bucket, long count)
    {
        bool Match(KpiStreamEvent e) => e.Value.BucketStart == bucket && e.Value.Count >= count;
        TaskCompletionSource<KpiStreamEvent> seen;
        lock (_gate)
        {
            if (_received.FirstOrDefault(Match) is { } already)
            {
                return already;
            }

            seen = new TaskCompletionSource<KpiStreamEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((Match, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No event on {Key} for bucket {bucket:O} with {count} point(s) within {Timeout.TotalSeconds} s; received: " +
                string.Join(", ", Received.Select(e => $"{e.Value.BucketStart:HH:mm}/{e.Value.Count}")));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }

    private void Record(KpiStreamEvent e)
    {
        lock (_gate)
        {
            _received.Add(e);
            foreach (var waiter in _waiters.Where(w => w.Match(e)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(e);
            }
        }
    }
}
