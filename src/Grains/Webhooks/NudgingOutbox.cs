using DashboardFactory.Outbox;

namespace DashboardFactory.Webhooks;

/// <summary>
/// The outbox every producer writes through: after the event is durable, the dispatcher is nudged (a one-way call,
/// coalesced by its timer), so an event is on its way in milliseconds rather than at the next poll. A lost nudge
/// only costs that poll interval.
/// </summary>
public sealed class NudgingOutbox(IOutbox inner, IGrainFactory grains) : IOutbox
{
    public async Task EnqueueAsync(OutboxEvent outboxEvent)
    {
        await inner.EnqueueAsync(outboxEvent);
        try
        {
            await grains.GetGrain<IWebhookDispatcherGrain>("default").NudgeAsync();
        }
        catch (Exception)
        {
            // Best effort by design: the dispatcher polls anyway.
        }
    }

    public Task<IReadOnlyList<OutboxEvent>> PendingAsync(int limit) => inner.PendingAsync(limit);

    public Task MarkDispatchedAsync(IReadOnlyCollection<string> eventIds, DateTimeOffset at) => inner.MarkDispatchedAsync(eventIds, at);

    public Task<long> TrimAsync(DateTimeOffset before) => inner.TrimAsync(before);
}
