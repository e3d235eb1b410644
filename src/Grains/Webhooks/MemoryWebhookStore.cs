using System.Collections.Concurrent;

namespace DashboardFactory.Webhooks;

/// <summary>
/// The embedded default's delivery queues and log: one per cluster id, so the silos of one in-process test cluster
/// share it and two clusters in one process (parallel tests) never see each other's deliveries.
/// </summary>
public sealed class MemoryWebhookStore : IWebhookStore
{
    private static readonly ConcurrentDictionary<string, MemoryWebhookStore> Clusters = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Webhook, string Event), Entry> _deliveries = [];
    private readonly List<WebhookAttempt> _log = [];

    public static MemoryWebhookStore For(string clusterId) => Clusters.GetOrAdd(clusterId, _ => new MemoryWebhookStore());

    public Task AddAsync(IReadOnlyList<WebhookDelivery> deliveries)
    {
        lock (_gate)
        {
            foreach (var delivery in deliveries)
            {
                _deliveries.TryAdd((delivery.WebhookId, delivery.EventId), new Entry(delivery, WebhookDeliveryStatus.Pending, delivery.QueuedAt));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WebhookDelivery>> DueAsync(string webhookId, DateTimeOffset now, int limit)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<WebhookDelivery>>([.. _deliveries.Values
                .Where(e => e.Delivery.WebhookId == webhookId && e.Status == WebhookDeliveryStatus.Pending && e.Delivery.NextAttemptAt <= now)
                .OrderBy(e => e.Delivery.NextAttemptAt).ThenBy(e => e.Delivery.QueuedAt)
                .Take(limit)
                .Select(e => e.Delivery)]);
        }
    }

    public Task<DateTimeOffset?> NextDueAsync(string webhookId)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.Values
                .Where(e => e.Delivery.WebhookId == webhookId && e.Status == WebhookDeliveryStatus.Pending)
                .Select(e => (DateTimeOffset?)e.Delivery.NextAttemptAt)
                .Min());
        }
    }

    public Task RecordAsync(IReadOnlyList<WebhookAttempt> attempts)
    {
        lock (_gate)
        {
            foreach (var attempt in attempts)
            {
                _log.Add(attempt);
                if (_deliveries.TryGetValue((attempt.WebhookId, attempt.EventId), out var entry) && entry.Status == WebhookDeliveryStatus.Pending)
                {
                    _deliveries[(attempt.WebhookId, attempt.EventId)] = attempt.Status == WebhookDeliveryStatus.Failed
                        ? entry with { Delivery = entry.Delivery with { Attempts = attempt.Attempt, NextAttemptAt = attempt.NextAttemptAt!.Value }, UpdatedAt = attempt.At }
                        : entry with { Delivery = entry.Delivery with { Attempts = attempt.Attempt }, Status = attempt.Status, UpdatedAt = attempt.At };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task AbandonPendingAsync(string webhookId, string reason, DateTimeOffset at)
    {
        lock (_gate)
        {
            foreach (var (key, entry) in _deliveries.Where(d => d.Key.Webhook == webhookId && d.Value.Status == WebhookDeliveryStatus.Pending).ToList())
            {
                _deliveries[key] = entry with { Status = WebhookDeliveryStatus.Abandoned, UpdatedAt = at };
                _log.Add(new WebhookAttempt(webhookId, key.Event, entry.Delivery.Type, entry.Delivery.Attempts, WebhookDeliveryStatus.Abandoned, null, at, null, reason, null));
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WebhookDeliveryView>> ListAsync(string webhookId, int limit)
    {
        lock (_gate)
        {
            var attempts = _log.Where(a => a.WebhookId == webhookId)
                .Select((a, i) => (Order: i, View: new WebhookDeliveryView(a.EventId, a.Type, a.Attempt, a.Status, a.ResponseStatus, a.At, a.NextAttemptAt, a.Error, a.ResponseBody)));
            var pending = _deliveries.Values.Where(e => e.Delivery.WebhookId == webhookId && e.Status == WebhookDeliveryStatus.Pending)
                .Select(e => (Order: int.MaxValue, View: new WebhookDeliveryView(
                    e.Delivery.EventId, e.Delivery.Type, e.Delivery.Attempts + 1, WebhookDeliveryStatus.Pending, null, e.UpdatedAt, e.Delivery.NextAttemptAt, null, null)));
            return Task.FromResult<IReadOnlyList<WebhookDeliveryView>>([.. attempts.Concat(pending)
                .OrderByDescending(x => x.View.At).ThenByDescending(x => x.Order)
                .Take(limit)
                .Select(x => x.View)]);
        }
    }

    public Task<long> TrimAsync(DateTimeOffset before)
    {
        lock (_gate)
        {
            var removed = (long)_log.RemoveAll(a => a.At < before);
            foreach (var key in _deliveries.Where(d => d.Value.Status != WebhookDeliveryStatus.Pending && d.Value.UpdatedAt < before).Select(d => d.Key).ToList())
            {
                _deliveries.Remove(key);
                removed++;
            }

            return Task.FromResult(removed);
        }
    }

    private sealed record Entry(WebhookDelivery Delivery, WebhookDeliveryStatus Status, DateTimeOffset UpdatedAt);
}
