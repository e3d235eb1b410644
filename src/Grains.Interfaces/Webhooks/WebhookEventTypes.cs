namespace DashboardFactory.Webhooks;

/// <summary>The event names of API.md a webhook may subscribe to, and the one the test endpoint sends.</summary>
public static class WebhookEventTypes
{
    public const string CockpitUpdated = "cockpit.updated";
    public const string FeatureStageChanged = "feature.stage_changed";
    public const string FeatureReleaseApproved = "feature.release_approved";
    public const string FeatureRolledBack = "feature.rolled_back";
    public const string CampaignStarted = "campaign.started";
    public const string CampaignCompleted = "campaign.completed";
    public const string CampaignHalted = "campaign.halted";
    public const string RollbackCompleted = "rollback.completed";
    public const string KpiStale = "kpi.stale";
    public const string KpiRecovered = "kpi.recovered";
    public const string KpiValue = "kpi.value";

    /// <summary>Sent by POST /api/webhooks/{id}/test to that webhook alone, whatever it subscribes to.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> Subscribable =
    [
        CockpitUpdated, FeatureStageChanged, FeatureReleaseApproved, FeatureRolledBack, CampaignStarted, CampaignCompleted,
        CampaignHalted, RollbackCompleted, KpiStale, KpiRecovered, KpiValue,
    ];

    public static bool IsSubscribable(string? type) => type is not null && Subscribable.Contains(type, StringComparer.Ordinal);
}
