using DashboardFactory.Audit;
using DashboardFactory.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Owns the outbox's way out. Each step reads pending events, queues one delivery per (event, subscribed webhook)
/// and only then marks the events dispatched: a crash in between dispatches them again, and the store's key makes
/// that a no-op, so nothing is lost and nothing queued twice. Writers nudge it; otherwise it polls every
/// Webhooks:PollInterval, and a reminder restarts it after any crash. It also applies the retention.
/// </summary>
public sealed partial class WebhookDispatcherGrain(
    IOutbox outbox,
    IWebhookStore store,
    IAuditLog audit,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDispatcherGrain> logger) : Grain, IWebhookDispatcherGrain, IRemindable
{
    public const string ReminderName = "webhook-dispatcher";

    private IGrainTimer? _timer;
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;

    private WebhookOptions Options => options.Value;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _timer = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Options.PollInterval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public Task EnsureScheduledAsync() =>
        this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    public Task NudgeAsync()
    {
        _timer?.Change(TimeSpan.Zero, Options.PollInterval);
        return Task.CompletedTask;
    }

    public async Task<int> DispatchNowAsync()
    {
        var total = 0;
        int handled;
        do
        {
            handled = await DispatchBatchAsync();
            total += handled;
        }
        while (handled >= Options.BatchSize);

        return total;
    }

    public async Task<long> TrimNowAsync()
    {
        var cutoff = time.GetUtcNow() - Options.Retention;
        var removed = await outbox.TrimAsync(cutoff) + await store.TrimAsync(cutoff);

        // The database's audit log is history and stays; only the embedded mode's in-memory copy is bounded.
        if (audit is MemoryAuditLog memory)
        {
            removed += memory.Trim(cutoff);
        }

        _lastTrim = time.GetUtcNow();
        LogTrimmed(removed, cutoff);
        return removed;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // activation started the timer

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DispatchNowAsync();
            if (time.GetUtcNow() - _lastTrim >= Options.TrimPeriod)
            {
                await TrimNowAsync();
            }
        }
        catch (Exception error)
        {
            // The events stay pending; the next tick tries again.
            LogDispatchFailed(error);
        }
    }

    private async Task<int> DispatchBatchAsync()
    {
        var events = await outbox.PendingAsync(Options.BatchSize);
        if (events.Count == 0)
        {
            return 0;
        }

        var webhooks = (await GrainFactory.GetGrain<IWebhookRegistryGrain>("default").GetAsync()).Webhooks;
        var now = time.GetUtcNow();
        var deliveries = events
            .SelectMany(e => WebhookMatcher.Recipients(e, webhooks).Select(w => new WebhookDelivery(w.Id, e.Id, e.Type, WebhookPayload.Body(e), now, 0, now)))
            .ToList();
        await store.AddAsync(deliveries);
        await outbox.MarkDispatchedAsync([.. events.Select(e => e.Id)], now);
        foreach (var webhookId in deliveries.Select(d => d.WebhookId).Distinct(StringComparer.Ordinal))
        {
            await GrainFactory.GetGrain<IWebhookGrain>(webhookId).WakeAsync();
        }

        if (deliveries.Count > 0)
        {
            LogDispatched(events.Count, deliveries.Count);
        }

        return events.Count;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dispatched {Events} outbox events as {Deliveries} webhook deliveries")]
    private partial void LogDispatched(int events, int deliveries);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dispatching the webhook outbox failed; the events stay pending and are tried again")]
    private partial void LogDispatchFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook retention: removed {Removed} outbox events, delivery log lines and audit entries older than {Cutoff}")]
    private partial void LogTrimmed(long removed, DateTimeOffset cutoff);
}
