using System.Globalization;

namespace DashboardFactory.Webhooks;

/// <summary>
/// When to try again: exponential backoff with full jitter. After attempt n fails, the wait is uniform in
/// [0, min(MaxRetryDelay, RetryBaseDelay × 4^(n-1))]; with the defaults (5 s, 12 h, 10 attempts) the ceilings are
/// 5 s, 20 s, 80 s, 5.3 min, 21 min, 1.4 h, 5.7 h, 12 h, 12 h: at most 32 h, about 16 h on average, before the
/// delivery is abandoned. A Retry-After from a 429 or 503 replaces the backoff (never beyond MaxRetryDelay).
/// </summary>
public sealed class RetrySchedule(WebhookOptions options, Func<double> random)
{
    public const double Factor = 4;

    public RetrySchedule(WebhookOptions options)
        : this(options, Random.Shared.NextDouble)
    {
    }

    /// <summary>The ceiling of the wait after <paramref name="attempt"/> (1-based) failed.</summary>
    public TimeSpan Ceiling(int attempt)
    {
        var ticks = options.RetryBaseDelay.Ticks * Math.Pow(Factor, Math.Max(0, attempt - 1));
        return ticks >= options.MaxRetryDelay.Ticks ? options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Null when <paramref name="attempt"/> was the last one allowed: the delivery is abandoned.</summary>
    public TimeSpan? DelayAfter(int attempt, TimeSpan? retryAfter)
    {
        if (attempt >= options.MaxAttempts)
        {
            return null;
        }

        if (retryAfter is { } asked)
        {
            return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > options.MaxRetryDelay ? options.MaxRetryDelay : asked;
        }

        return TimeSpan.FromTicks((long)(Ceiling(attempt).Ticks * random()));
    }

    /// <summary>Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.MaxValue.TotalSeconds / 2));
        }

        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date - now
            : null;
    }
}
