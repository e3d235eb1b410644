using DashboardFactory.Cockpits;
using DashboardFactory.Outbox;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Webhooks;

/// <summary>What a cockpit needs to raise cockpit.updated only when some enabled webhook subscribes to it.</summary>
public sealed class WebhookEventSink(IOutbox outbox, WebhookSubscriptions subscriptions, IOptions<WebhookOptions> options, TimeProvider time)
{
    /// <summary>The event to save with the change, or null (the common case: nobody subscribes, nothing is written).</summary>
    public async ValueTask<OutboxEvent?> CockpitUpdatedAsync(CockpitUpdated update, long revision) =>
        await subscriptions.WantsAsync(WebhookEventTypes.CockpitUpdated) ? WebhookEvents.CockpitUpdated(update, revision) : null;

    public Task EnqueueAsync(OutboxEvent e) => outbox.EnqueueAsync(e);

    /// <summary>
    /// An event found saved in a grain's state at activation: written again (a no-op when the outbox has it) unless it
    /// is older than the retention, when the outbox may have trimmed it and writing it would send it a second time.
    /// </summary>
    public Task RecoverAsync(OutboxEvent e) =>
        time.GetUtcNow() - e.CreatedAt < options.Value.Retention ? outbox.EnqueueAsync(e) : Task.CompletedTask;
}
