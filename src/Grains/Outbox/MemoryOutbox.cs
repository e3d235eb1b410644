using System.Collections.Concurrent;

namespace DashboardFactory.Outbox;

/// <summary>
/// The embedded default's outbox: one per cluster id, so the silos of an in-process test cluster share it and two
/// clusters in one process (parallel tests) never take each other's events.
/// </summary>
public sealed class MemoryOutbox : IOutbox
{
    private static readonly ConcurrentDictionary<string, MemoryOutbox> Clusters = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly List<Entry> _events = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public static MemoryOutbox For(string clusterId) => Clusters.GetOrAdd(clusterId, _ => new MemoryOutbox());

    /// <summary>Every event still kept, dispatched or not, oldest first (what a test checks was written).</summary>
    public IReadOnlyList<OutboxEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events.Select(e => e.Event)];
            }
        }
    }

    public Task EnqueueAsync(OutboxEvent outboxEvent)
    {
        lock (_gate)
        {
            if (_seen.Add(outboxEvent.Id))
            {
                _events.Add(new Entry(outboxEvent));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxEvent>> PendingAsync(int limit)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<OutboxEvent>>([.. _events.Where(e => !e.Dispatched).Take(limit).Select(e => e.Event)]);
        }
    }

    public Task MarkDispatchedAsync(IReadOnlyCollection<string> eventIds, DateTimeOffset at)
    {
        var ids = eventIds.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var entry in _events.Where(e => ids.Contains(e.Event.Id)))
            {
                entry.Dispatched = true;
            }
        }

        return Task.CompletedTask;
    }

    public Task<long> TrimAsync(DateTimeOffset before)
    {
        lock (_gate)
        {
            var gone = _events.Where(e => e.Dispatched && e.Event.CreatedAt < before).ToList();
            foreach (var entry in gone)
            {
                _events.Remove(entry);
                _seen.Remove(entry.Event.Id);
            }

            return Task.FromResult((long)gone.Count);
        }
    }

    private sealed class Entry(OutboxEvent e)
    {
        public OutboxEvent Event { get; } = e;

        public bool Dispatched { get; set; }
    }
}
