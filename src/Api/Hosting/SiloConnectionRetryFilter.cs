namespace DashboardFactory.Api.Hosting;

/// <summary>
/// An API node may start before any silo (docker compose, a rolling restart): keep trying for a while
/// instead of crashing, and say so in the log.
/// </summary>
internal sealed partial class SiloConnectionRetryFilter(ILogger<SiloConnectionRetryFilter> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private const int MaxAttempts = 60;
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (++_attempts > MaxAttempts || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        LogRetry(_attempts, MaxAttempts, exception.Message);
        await Task.Delay(Delay, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo reachable yet (attempt {Attempt} of {MaxAttempts}): {Reason}")]
    private partial void LogRetry(int attempt, int maxAttempts, string reason);
}
