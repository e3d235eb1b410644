using DashboardFactory.Kpis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Webhooks;

/// <summary>
/// This silo's copy of what the enabled webhooks subscribe to, so producers can ask "does anybody want
/// cockpit.updated?" for the price of a set lookup: a 10,000-cockpit rollout with no such subscriber writes nothing
/// extra. The registry pushes changes to it (it is a grain observer) and it renews its subscription every
/// Webhooks:SubscriptionRefresh. When it has never been able to read the registry it answers yes: an unneeded
/// event costs a row, a missed one is lost.
/// </summary>
public sealed partial class WebhookSubscriptions(
    IGrainFactory grains,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookSubscriptions> logger) : IWebhookSubscriptionObserver
{
    private readonly Lock _gate = new();
    private volatile Snapshot? _snapshot;
    private Task<Snapshot?>? _refreshing;
    private IWebhookSubscriptionObserver? _self;

    public async ValueTask<bool> WantsAsync(string type) =>
        await CurrentAsync() is not { } snapshot || snapshot.Types.Contains(type);

    public async ValueTask<bool> WantsKpiValueAsync(string code, KpiPeriod period) =>
        await CurrentAsync() is not { } snapshot || snapshot.Kpis.Contains((code, period));

    public Task ChangedAsync(WebhookSubscriptionSet set)
    {
        Apply(set);
        return Task.CompletedTask;
    }

    /// <summary>Reads the registry now (and subscribes to its changes); silos call it at start.</summary>
    public Task RefreshAsync() => StartRefresh();

    private async ValueTask<Snapshot?> CurrentAsync()
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            return await StartRefresh();
        }

        if (time.GetUtcNow() - snapshot.FetchedAt > options.Value.SubscriptionRefresh)
        {
            _ = StartRefresh();
        }

        return snapshot;
    }

    private Task<Snapshot?> StartRefresh()
    {
        lock (_gate)
        {
            return _refreshing is { IsCompleted: false } running ? running : _refreshing = FetchAsync();
        }
    }

    private async Task<Snapshot?> FetchAsync()
    {
        try
        {
            _self ??= grains.CreateObjectReference<IWebhookSubscriptionObserver>(this);
            Apply(await grains.GetGrain<IWebhookRegistryGrain>("default").SubscribeAsync(_self));
        }
        catch (Exception error)
        {
            LogRefreshFailed(error);
        }

        return _snapshot;
    }

    private void Apply(WebhookSubscriptionSet set)
    {
        lock (_gate)
        {
            if (_snapshot is { } current && current.Version > set.Version)
            {
                _snapshot = current with { FetchedAt = time.GetUtcNow() };
                return;
            }

            var enabled = set.Webhooks.Where(w => w.Enabled).ToList();
            _snapshot = new Snapshot(
                set.Version,
                enabled.SelectMany(w => w.Events).ToHashSet(StringComparer.Ordinal),
                enabled.Where(w => w.Events.Contains(WebhookEventTypes.KpiValue, StringComparer.Ordinal))
                    .SelectMany(w => w.Kpis.Select(code => (code, w.Period ?? KpiPeriod.Minute))).ToHashSet(),
                time.GetUtcNow());
        }
    }

    private sealed record Snapshot(long Version, HashSet<string> Types, HashSet<(string Code, KpiPeriod Period)> Kpis, DateTimeOffset FetchedAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the webhook registry; events are written as if subscribed until it answers")]
    private partial void LogRefreshFailed(Exception error);
}
