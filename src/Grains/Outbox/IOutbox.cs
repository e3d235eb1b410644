namespace DashboardFactory.Outbox;

/// <summary>Events waiting for the webhook dispatcher.</summary>
public interface IOutbox
{
    /// <summary>Idempotent per event id.</summary>
    Task EnqueueAsync(OutboxEvent outboxEvent);

    /// <summary>Events not dispatched yet, oldest first.</summary>
    Task<IReadOnlyList<OutboxEvent>> PendingAsync(int limit);

    /// <summary>The events were handed to every webhook that wants them (their deliveries are queued): never read again.</summary>
    Task MarkDispatchedAsync(IReadOnlyCollection<string> eventIds, DateTimeOffset at);

    /// <summary>Removes dispatched events created before <paramref name="before"/>; returns how many.</summary>
    Task<long> TrimAsync(DateTimeOffset before);
}
