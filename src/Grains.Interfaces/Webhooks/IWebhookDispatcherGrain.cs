using Orleans.Concurrency;

namespace DashboardFactory.Webhooks;

/// <summary>
/// One per cluster (key "default"): reads the outbox, queues a delivery per (event, subscribed webhook), marks the
/// events dispatched, and trims what is older than the retention. A reminder keeps it running after any crash.
/// </summary>
[Alias("DashboardFactory.Webhooks.IWebhookDispatcherGrain")]
public interface IWebhookDispatcherGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder and starts polling. Every silo calls this at start.</summary>
    [Alias("EnsureScheduled")]
    Task EnsureScheduledAsync();

    /// <summary>An event was written to the outbox: poll now rather than at the next interval.</summary>
    [Alias("Nudge"), OneWay]
    Task NudgeAsync();

    /// <summary>Dispatches what is pending now; returns how many events were handled.</summary>
    [Alias("DispatchNow")]
    Task<int> DispatchNowAsync();

    /// <summary>Trims the outbox, the delivery log and (embedded mode) the in-memory audit log now; returns rows removed.</summary>
    [Alias("TrimNow")]
    Task<long> TrimNowAsync();
}
