using System.Collections.Concurrent;

namespace DashboardFactory.Outbox;

/// <summary>The embedded default's outbox: one per process, so in-process test silos share it.</summary>
public sealed class MemoryOutbox : IOutbox
{
    public static MemoryOutbox Shared { get; } = new();

    private readonly ConcurrentQueue<OutboxEvent> _events = new();
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public Task EnqueueAsync(OutboxEvent outboxEvent)
    {
        if (_seen.TryAdd(outboxEvent.Id, true))
        {
            _events.Enqueue(outboxEvent);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OutboxEvent>> PendingAsync(int limit) =>
        Task.FromResult<IReadOnlyList<OutboxEvent>>([.. _events.Take(limit)]);
}
