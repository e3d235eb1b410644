using System.Threading.RateLimiting;

namespace DashboardFactory.Api.RateLimiting;

/// <summary>
/// One limit of API.md "Limits". Adding a limit is a class like <see cref="RequestsPerTokenRule"/>, a property on
/// <see cref="RateLimitOptions"/> and one registration line in <see cref="RateLimitingExtensions"/>: every rule runs
/// in the node's global limiter, and a refusal is a 429 ProblemDetails that quotes <see cref="Describe"/>.
/// </summary>
public interface IRateLimitRule
{
    /// <summary>The partition this request counts in, or null when the rule does not apply to it (or is off).</summary>
    RateLimitPartition<string>? PartitionFor(HttpContext context);

    /// <summary>The refusal's detail, e.g. "At most 600 stream requests per minute per token."</summary>
    string Describe();

    /// <summary>The Retry-After to send when the limiter itself cannot tell (a concurrency limit frees up when a stream closes).</summary>
    TimeSpan RetryAfter { get; }
}
