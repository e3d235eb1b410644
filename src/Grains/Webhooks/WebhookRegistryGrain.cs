using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Webhooks;

/// <summary>
/// Owns the list of webhooks (no secrets) and keeps every silo's cached copy current: each change is pushed to the
/// silos' observers before the call that made it returns, so a webhook created now receives the next event. An
/// observer that has not renewed within three refresh periods (its silo is gone) is dropped.
/// </summary>
public sealed partial class WebhookRegistryGrain(
    [PersistentState("webhookRegistry", ProviderNames.Storage)] IPersistentState<WebhookRegistryState> registry,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookRegistryGrain> logger) : Grain, IWebhookRegistryGrain
{
    private static readonly TimeSpan NotifyTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<IWebhookSubscriptionObserver, DateTimeOffset> _observers = [];

    public async Task UpsertAsync(WebhookView webhook)
    {
        registry.State.Webhooks[webhook.Id] = webhook;
        registry.State.Version++;
        await registry.WriteStateAsync();
        await NotifyAsync(Set());
    }

    public Task<WebhookSubscriptionSet> GetAsync() => Task.FromResult(Set());

    public Task<WebhookSubscriptionSet> SubscribeAsync(IWebhookSubscriptionObserver observer)
    {
        _observers[observer] = time.GetUtcNow();
        return Task.FromResult(Set());
    }

    private async Task NotifyAsync(WebhookSubscriptionSet set)
    {
        var expired = time.GetUtcNow() - 3 * options.Value.SubscriptionRefresh;
        foreach (var stale in _observers.Where(o => o.Value < expired).Select(o => o.Key).ToList())
        {
            _observers.Remove(stale);
        }

        var calls = _observers.Keys.Select(async observer =>
        {
            try
            {
                await observer.ChangedAsync(set).WaitAsync(NotifyTimeout);
                return (observer, ok: true);
            }
            catch (Exception error)
            {
                LogNotifyFailed(error, set.Version);
                return (observer, ok: false);
            }
        });
        foreach (var (observer, ok) in await Task.WhenAll(calls))
        {
            if (!ok)
            {
                _observers.Remove(observer);
            }
        }
    }

    private WebhookSubscriptionSet Set() => new(registry.State.Version, [.. registry.State.Webhooks.Values.OrderBy(w => w.CreatedAt)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A silo's webhook subscription cache missed version {Version}; it catches up at its next refresh")]
    private partial void LogNotifyFailed(Exception error, long version);
}
