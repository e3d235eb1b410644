using System.Text.Json;
using DashboardFactory.Cockpits;
using DashboardFactory.Kpis;
using DashboardFactory.Outbox;

namespace DashboardFactory.Webhooks;

/// <summary>
/// The outbox events raised outside the grains that already had effects (features, campaigns, rollbacks), but for
/// a KPI's own health events (see <see cref="Kpis.KpiHealthEvents"/>). Ids are derived from what the event is about,
/// so writing the same event again (a retry) is a no-op.
/// </summary>
public static class WebhookEvents
{
    public static OutboxEvent CockpitUpdated(CockpitUpdated update, long revision) => new(
        $"{WebhookEventTypes.CockpitUpdated}:{update.CockpitId}:{revision}",
        WebhookEventTypes.CockpitUpdated,
        Json(new
        {
            cockpitId = update.CockpitId,
            version = update.Version,
            newFeatures = update.NewFeatures,
            removedFeatures = update.RemovedFeatures,
            updatedAt = update.UpdatedAt,
            reason = update.Reason,
        }),
        update.UpdatedAt);

    /// <summary>A closed bucket. A late point that changes a bucket already sent makes a new event (its count is in the id).</summary>
    public static OutboxEvent KpiValue(KpiBucketRow bucket, DateTimeOffset now) => new(
        $"{WebhookEventTypes.KpiValue}:{bucket.Code}:{bucket.Period.ToWire()}:{bucket.Start.ToUnixTimeSeconds()}:{bucket.Count}",
        WebhookEventTypes.KpiValue,
        Json(new
        {
            code = bucket.Code,
            period = bucket.Period.ToWire(),
            bucketStart = bucket.Start,
            avg = bucket.Count == 0 ? 0 : bucket.Sum / bucket.Count,
            min = bucket.Min,
            max = bucket.Max,
            count = bucket.Count,
            last = bucket.Last,
        }),
        now);

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
