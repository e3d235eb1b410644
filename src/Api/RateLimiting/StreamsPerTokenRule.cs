using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.RateLimiting;

/// <summary>RateLimits:StreamsPerToken: open streams per token; a stream holds its permit until it closes.</summary>
public sealed class StreamsPerTokenRule(IOptions<RateLimitOptions> options) : IRateLimitRule
{
    private int Limit => options.Value.StreamsPerToken;

    public TimeSpan RetryAfter => TimeSpan.FromSeconds(5);

    public RateLimitPartition<string>? PartitionFor(HttpContext context) =>
        Limit > 0 && RateLimitKeys.IsStreamConnection(context) && RateLimitKeys.CallerOf(context) is { } caller
            ? RateLimitPartition.GetConcurrencyLimiter("streams:" + caller, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = Limit,
                QueueLimit = 0,
            })
            : null;

    public string Describe() => $"At most {Limit} open streams (SSE, hub or GraphQL connections) per token (RateLimits:StreamsPerToken); close one first.";
}
