using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.RateLimiting;

/// <summary>RateLimits:RequestsPerTokenPerMinute: a fixed one-minute window per token over the streaming API.</summary>
public sealed class RequestsPerTokenRule(IOptions<RateLimitOptions> options) : IRateLimitRule
{
    private int Limit => options.Value.RequestsPerTokenPerMinute;

    public TimeSpan RetryAfter => TimeSpan.FromMinutes(1);

    public RateLimitPartition<string>? PartitionFor(HttpContext context) =>
        Limit > 0 && RateLimitKeys.IsStreamingApi(context.Request) && RateLimitKeys.CallerOf(context) is { } caller
            ? RateLimitPartition.GetFixedWindowLimiter("requests:" + caller, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            })
            : null;

    public string Describe() => $"At most {Limit} requests per minute to /api/streams and /hubs per token (RateLimits:RequestsPerTokenPerMinute).";
}
