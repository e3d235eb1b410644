using DashboardFactory.Kpis;
using DashboardFactory.Outbox;

namespace DashboardFactory.Webhooks;

/// <summary>
/// The KPI store as the KPI grains see it, plus the kpi.value sink: writing closed buckets is the signal that a
/// bucket closed, so the KPI grain needs no change. Events go to the outbox before the buckets are written: when
/// the write fails the grain retries the batch and the same event ids are written again (a no-op), so no closed
/// bucket is missed. Only buckets some enabled webhook subscribes to (code and period) become events.
/// </summary>
public sealed class KpiValueWebhookSink(IKpiStore inner, IOutbox outbox, WebhookSubscriptions subscriptions, TimeProvider time) : IKpiStore
{
    public async Task SaveBucketsAsync(IReadOnlyList<KpiBucketRow> buckets)
    {
        foreach (var bucket in buckets)
        {
            if (await subscriptions.WantsKpiValueAsync(bucket.Code, bucket.Period))
            {
                await outbox.EnqueueAsync(WebhookEvents.KpiValue(bucket, time.GetUtcNow()));
            }
        }

        await inner.SaveBucketsAsync(buckets);
    }

    public Task<IReadOnlyList<bool>> AppendAsync(string code, IReadOnlyList<KpiPoint> points, DateTimeOffset receivedAt) =>
        inner.AppendAsync(code, points, receivedAt);

    public Task<KpiRecent> LoadRecentAsync(string code, DateTimeOffset notBefore) => inner.LoadRecentAsync(code, notBefore);

    public Task<IReadOnlyList<KpiSeriesPoint>> SeriesAsync(string code, KpiPeriod period, DateTimeOffset from, DateTimeOffset to) =>
        inner.SeriesAsync(code, period, from, to);
}
