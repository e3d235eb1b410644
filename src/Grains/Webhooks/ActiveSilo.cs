using Microsoft.Extensions.Logging;

namespace DashboardFactory.Webhooks;

/// <summary>
/// What a silo does for webhooks once it runs: makes sure the dispatcher's reminder is registered (so the outbox is
/// read after any crash) and fills its copy of the registry. Retried for a few minutes while the cluster settles.
/// </summary>
public static partial class ActiveSilo
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private const int Attempts = 36;

    public static async Task StartAsync(IServiceProvider services)
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ActiveSilo).FullName!);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IWebhookDispatcherGrain>("default").EnsureScheduledAsync();
                await services.GetRequiredService<WebhookSubscriptions>().RefreshAsync();
                return;
            }
            catch (Exception error) when (attempt < Attempts)
            {
                LogRetrying(logger, error, attempt, RetryDelay);
                await Task.Delay(RetryDelay);
            }
            catch (Exception error)
            {
                LogGaveUp(logger, error, attempt);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhooks: scheduling the dispatcher failed (attempt {Attempt}); retrying in {RetryDelay}")]
    private static partial void LogRetrying(ILogger logger, Exception error, int attempt, TimeSpan retryDelay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhooks: could not schedule the dispatcher after {Attempts} attempts; it starts with the next event written")]
    private static partial void LogGaveUp(ILogger logger, Exception error, int attempts);
}
