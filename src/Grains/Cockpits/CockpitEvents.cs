using DashboardFactory.Alerts;
using DashboardFactory.Outbox;
using DashboardFactory.Telemetry;
using DashboardFactory.Webhooks;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace DashboardFactory.Cockpits;

/// <summary>
/// How a cockpit's saved changes leave it: the cockpit.updated webhook event through the outbox, the update straight
/// to each API node that watches the cockpit (on the node's push link when it has one, else to its observer; nodes
/// forward it to browsers), alerts on the
/// cockpit-alerts stream. The change is durable before any of these, and a lost notification costs a reload at most,
/// so none of them fails the change.
/// </summary>
public sealed partial class CockpitEvents(
    string cockpitId,
    CockpitWatchers watchers,
    CockpitPushLinks links,
    IStreamProvider streams,
    WebhookEventSink webhooks,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The webhook event to save with the change, or null when no webhook subscribes to it.</summary>
    public ValueTask<OutboxEvent?> WebhookEventAsync(CockpitUpdated update, long revision) => webhooks.CockpitUpdatedAsync(update, revision);

    /// <summary>Writes a saved event to the outbox; false when that failed and the event must stay saved for a later activation.</summary>
    public async Task<bool> WriteAsync(OutboxEvent pending)
    {
        try
        {
            await webhooks.EnqueueAsync(pending);
            return true;
        }
        catch (Exception error)
        {
            LogNotifyFailed(error, cockpitId);
            return false;
        }
    }

    /// <summary>An event saved with the last change but maybe never written (a crash in between); its id makes writing it twice a no-op.</summary>
    public async Task RecoverAsync(OutboxEvent pending)
    {
        try
        {
            await webhooks.RecoverAsync(pending);
        }
        catch (Exception error)
        {
            // The cockpit still serves; the event stays saved and is written at a later activation.
            LogNotifyFailed(error, cockpitId);
        }
    }

    /// <summary>
    /// Takes, renews or releases a node's lease; returns how many nodes hold one. A node with a push address has its
    /// link connect now, so this cockpit's next change already finds it open.
    /// </summary>
    public int Lease(CockpitWatch watch)
    {
        var nodes = watchers.Renew(watch, time.GetUtcNow());
        if (watch is { Watchers: > 0, Push: { } push })
        {
            links.Prepare(push);
        }

        return nodes;
    }

    /// <summary>
    /// One message per watching node, on its push link or else one-way to its observer; nothing when nobody watches.
    /// Neither waits for the node, so a slow or dead node costs this cockpit nothing (its lease lapses when it stops
    /// renewing).
    /// </summary>
    public void Publish(CockpitUpdated update)
    {
        var live = watchers.Live(time.GetUtcNow());
        if (live.Length == 0)
        {
            return;
        }

        var published = update with { PublishedAt = time.GetUtcNow() };
        foreach (var watch in live)
        {
            try
            {
                if (watch.Push is { } push && links.TrySend(push, published, watch.Observer))
                {
                    FactoryMetrics.CockpitUpdateSent(FactoryMetrics.PushPath);
                    continue;
                }

                _ = watch.Observer.OnCockpitUpdatedAsync(published);
                FactoryMetrics.CockpitUpdateSent(FactoryMetrics.ObserverPath);
            }
            catch (Exception error)
            {
                LogNotifyFailed(error, cockpitId);
            }
        }
    }

    public Task AlertAsync(AlertEvent alert) => SendAsync(StreamNamespaces.CockpitAlerts, alert);

    private async Task SendAsync<T>(string streamNamespace, T item)
    {
        try
        {
            await streams.GetStream<T>(StreamId.Create(streamNamespace, CockpitStreams.KeyOf(cockpitId))).OnNextAsync(item);
        }
        catch (Exception error)
        {
            LogNotifyFailed(error, cockpitId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cockpit {CockpitId} changed but its update notification could not be published")]
    private partial void LogNotifyFailed(Exception error, string cockpitId);
}
