using System.Text.Json.Nodes;
using DashboardFactory.Campaigns;

namespace DashboardFactory.Api.Campaigns;

/// <summary>The wire forms of campaigns (API.md).</summary>
public static class CampaignJson
{
    public static string State(CampaignStatus status) => status.ToString().ToLowerInvariant();

    public static JsonObject From(CampaignView view, DateTimeOffset now) => new()
    {
        ["id"] = view.Id,
        ["featureId"] = view.FeatureId,
        ["version"] = view.Version,
        ["state"] = State(view.Status),
        ["total"] = view.Total,
        ["applied"] = view.Applied,
        ["skipped"] = view.Skipped,
        ["failed"] = view.Failed,
        ["conflicts"] = view.Conflicts,
        ["wave"] = view.Wave + 1,
        ["foundational"] = view.Foundational,
        ["startedAt"] = view.StartedAt,
        ["finishedAt"] = view.FinishedAt,
        ["durationMs"] = (long)((view.FinishedAt ?? now) - view.StartedAt).TotalMilliseconds,
        ["haltReason"] = view.HaltReason,
        ["failures"] = new JsonObject([.. view.Failures.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]),
    };

    public static JsonObject Summary(CampaignSummary summary) => new()
    {
        ["id"] = summary.Id,
        ["featureId"] = summary.FeatureId,
        ["version"] = summary.Version,
        ["state"] = State(summary.Status),
        ["foundational"] = summary.Foundational,
        ["startedAt"] = summary.StartedAt,
    };
}
