using System.Text.Json;
using DashboardFactory.Alerts;
using DashboardFactory.Audit;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Effects;
using DashboardFactory.Outbox;

namespace DashboardFactory.Features;

/// <summary>
/// What a feature's changes leave behind, as <see cref="PendingEffect"/>s to save with the change: audit entries
/// (subject "feature"), webhook events, the admins' alert on a stage change, the author's XP rewards, and the
/// campaign a release that may now roll out gets.
/// </summary>
public static class FeatureEffects
{
    public static AuditEntry Audited(DateTimeOffset now, string actor, string action, object? before, object? after) =>
        new(now, actor, action, before is null ? null : Json(before), after is null ? null : Json(after));

    public static PendingEffect Audit(string featureId, AuditEntry entry) => new(NewId(featureId), Audit: entry);

    public static PendingEffect StageChanged(string featureId, string name, FeatureStage from, FeatureStage to, Tally tally, string actor, string? reason, DateTimeOffset now)
    {
        var id = NewId(featureId);
        var payload = new { featureId, from = Wire(from), to = Wire(to), approvalPercent = tally.ApprovalPercent, reason, at = now };
        var message = $"{name} ({featureId}) moved from {Wire(from)} to {Wire(to)}" + (reason is null ? "." : $": {reason}");
        return new PendingEffect(
            id,
            Audit: Audited(now, actor, "stage_changed", new { stage = Wire(from) }, new { stage = Wire(to), reason }),
            Outbox: new OutboxEvent(id, "feature.stage_changed", Json(payload), now),
            Alert: new AlertEvent("feature.stage_changed", message, featureId, null, now));
    }

    /// <summary>XP for the author, once per <paramref name="milestone"/> (its id makes a second payment a no-op).</summary>
    public static PendingEffect Reward(string featureId, string milestone, string authorId, int xp) =>
        new($"{featureId}:reward:{milestone}", RewardUserId: authorId, RewardXp: xp);

    public static PendingEffect ReleaseApproved(string featureId, string version, ChangeType changeType, string adminId, DateTimeOffset now)
    {
        var id = NewId(featureId);
        var payload = new { featureId, version, changeType = ChangeTypes.ToWire(changeType), approvedBy = adminId, at = now };
        return new PendingEffect(
            id,
            Audit: Audited(now, adminId, "release_approved", null, new { version }),
            Outbox: new OutboxEvent(id, "feature.release_approved", Json(payload), now));
    }

    /// <summary>The release's campaign, recorded by the change that lets the release roll out and started once that change is saved.</summary>
    public static PendingEffect RolloutStarted(string featureId, string campaignId, CampaignStart start, DateTimeOffset now) =>
        new(NewId(featureId), Audit: Audited(now, "system", "rollout_started", null, new { campaignId, version = start.Release.Version }))
        {
            Campaign = new CampaignLaunch(campaignId, start),
        };

    public static string Wire(FeatureStage stage) => stage.ToString().ToLowerInvariant();

    private static string NewId(string featureId) => $"{featureId}:{Guid.NewGuid():N}";

    private static string Json(object value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);
}
