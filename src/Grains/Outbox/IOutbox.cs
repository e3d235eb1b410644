namespace DashboardFactory.Outbox;

/// <summary>Events waiting for the webhook deliverer.</summary>
public interface IOutbox
{
    /// <summary>Idempotent per event id.</summary>
    Task EnqueueAsync(OutboxEvent outboxEvent);

    /// <summary>Undelivered events, oldest first.</summary>
    Task<IReadOnlyList<OutboxEvent>> PendingAsync(int limit);
}
