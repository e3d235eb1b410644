using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Dashboard;

/// <summary>
/// The overview as this API node last computed it. A per-node cache rather than a caching grain: computing it
/// touches 64 fleet shards, the campaign directory, the alert history and every KPI, and a grain would make
/// every node's requests queue on one activation; here each node recomputes at most once per TTL whatever its
/// request rate, so the cluster sees (nodes / TTL) computations a second. Concurrent misses share one computation.
/// </summary>
public sealed class OverviewCache(OverviewBuilder builder, TimeProvider time, IOptions<DashboardOptions> options)
{
    private readonly SemaphoreSlim _computing = new(1, 1);
    private (OverviewResponse Overview, DateTimeOffset At)? _cached;

    public async Task<(OverviewResponse Overview, DateTimeOffset ComputedAt)> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } hit)
        {
            return hit;
        }

        await _computing.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } computedMeanwhile)
            {
                return computedMeanwhile;
            }

            var now = time.GetUtcNow();
            var overview = await builder.BuildAsync(now);
            _cached = (overview, now);
            return (overview, now);
        }
        finally
        {
            _computing.Release();
        }
    }

    private (OverviewResponse, DateTimeOffset)? Fresh() =>
        _cached is { } cached && time.GetUtcNow() - cached.At < options.Value.OverviewCacheTtl ? cached : null;
}
