using System.Text.Json.Nodes;
using DashboardFactory.Audit;

namespace DashboardFactory.Api.Features;

/// <summary>
/// One entry of a feature's history: who did what, and the affected state before and after, each a free-form JSON
/// object (null where there is none: nothing existed before a creation).
/// </summary>
public sealed record AuditEntryResponse(DateTimeOffset At, string Actor, string Action, JsonObject? Before, JsonObject? After)
{
    public static AuditEntryResponse From(AuditEntry entry) => new(entry.At, entry.Actor, entry.Action, Parse(entry.Before), Parse(entry.After));

    // Every writer of the audit log records an object (FeatureGrain, CampaignGrain, RollbackGrain).
    private static JsonObject? Parse(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;
}
