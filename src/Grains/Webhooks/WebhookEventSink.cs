using DashboardFactory.Cockpits;
using DashboardFactory.Outbox;

namespace DashboardFactory.Webhooks;

/// <summary>What a cockpit needs to raise cockpit.updated only when some enabled webhook subscribes to it.</summary>
public sealed class WebhookEventSink(IOutbox outbox, WebhookSubscriptions subscriptions)
{
    /// <summary>The event to save with the change, or null (the common case: nobody subscribes, nothing is written).</summary>
    public async ValueTask<OutboxEvent?> CockpitUpdatedAsync(CockpitUpdated update, long revision) =>
        await subscriptions.WantsAsync(WebhookEventTypes.CockpitUpdated) ? WebhookEvents.CockpitUpdated(update, revision) : null;

    public Task EnqueueAsync(OutboxEvent e) => outbox.EnqueueAsync(e);
}
