using System.Threading.RateLimiting;

namespace DashboardFactory.Api.RateLimiting;

/// <summary>
/// One rule's partitioned limiter. When it refuses, it notes the rule on the request, so the 429 can say which
/// limit was reached and a sensible Retry-After even when the limiter has none.
/// </summary>
public sealed class RuleLimiter(IRateLimitRule rule) : PartitionedRateLimiter<HttpContext>
{
    public const string RefusedBy = "df.rate-limit-rule";

    private static readonly RateLimitPartition<string> None = RateLimitPartition.GetNoLimiter("none");

    private readonly PartitionedRateLimiter<HttpContext> _inner =
        PartitionedRateLimiter.Create<HttpContext, string>(context => rule.PartitionFor(context) ?? None);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => _inner.GetStatistics(resource);

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        Noted(resource, _inner.AttemptAcquire(resource, permitCount));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        Noted(resource, await _inner.AcquireAsync(resource, permitCount, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private RateLimitLease Noted(HttpContext resource, RateLimitLease lease)
    {
        if (!lease.IsAcquired)
        {
            resource.Items[RefusedBy] = rule;
        }

        return lease;
    }
}
