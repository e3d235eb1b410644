using System.Text.Json;
using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Effects;
using DashboardFactory.Outbox;

namespace DashboardFactory.Campaigns;

/// <summary>
/// What a campaign's status changes leave behind, as <see cref="PendingEffect"/>s to save with the change: the audit
/// entry (subject "campaign"), the webhook event where one is public (campaign.started, .halted, .completed), and the
/// admins' alert when a campaign halts.
/// </summary>
public static class CampaignEffects
{
    public static PendingEffect Started(string campaignId, CampaignState state, DateTimeOffset now) => Effect(
        campaignId, now, state.StartedBy, "campaign_started",
        after: new { total = state.Order.Count, foundational = state.Foundational },
        outbox: ("campaign.started", new
        {
            campaignId, featureId = state.Release.FeatureId, version = state.Release.Version, total = state.Order.Count,
            foundational = state.Foundational, startedAt = now,
        }));

    public static PendingEffect Paused(string campaignId, string actor, DateTimeOffset now) => Effect(campaignId, now, actor, "campaign_paused");

    public static PendingEffect Resumed(string campaignId, string actor, DateTimeOffset now) => Effect(campaignId, now, actor, "campaign_resumed");

    public static PendingEffect Halted(string campaignId, CampaignState state, DateTimeOffset now) => Effect(
        campaignId, now, "system", "campaign_halted",
        after: new { reason = state.HaltReason },
        outbox: ("campaign.halted", new { campaignId, featureId = state.Release.FeatureId, version = state.Release.Version, reason = state.HaltReason }),
        alert: new AlertEvent("campaign_halted", $"Campaign {campaignId} halted: {state.HaltReason}", state.Release.FeatureId, null, now));

    /// <summary>Completed or cancelled, with the counters as they ended.</summary>
    public static PendingEffect Finished(CampaignView view, string actor, string? reason, DateTimeOffset now)
    {
        var counters = new { view.Total, view.Applied, view.Skipped, view.Failed, view.Conflicts, reason };
        return view.Status == CampaignStatus.Completed
            ? Effect(view.Id, now, actor, "campaign_completed", after: counters, outbox: ("campaign.completed", new
            {
                campaignId = view.Id, featureId = view.FeatureId, version = view.Version, view.Total, view.Applied, view.Skipped, view.Failed, view.Conflicts,
            }))
            : Effect(view.Id, now, actor, "campaign_cancelled", after: counters);
    }

    private static PendingEffect Effect(
        string campaignId, DateTimeOffset now, string actor, string action, object? after = null, (string Type, object Payload)? outbox = null, AlertEvent? alert = null)
    {
        var id = $"{campaignId}:{Guid.NewGuid():N}";
        return new PendingEffect(
            id,
            Audit: new AuditEntry(now, actor, action, Before: null, After: after is null ? null : Json(after)),
            Outbox: outbox is { } o ? new OutboxEvent(id, o.Type, Json(o.Payload), now) : null,
            Alert: alert);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
