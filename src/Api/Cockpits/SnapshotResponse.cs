using System.Text.Json.Nodes;

namespace DashboardFactory.Api.Cockpits;

/// <summary>A snapshot: the cockpit's document as it was (free-form JSON: title, theme, widgets) and its page.</summary>
public sealed record SnapshotResponse(string Id, string Version, DateTimeOffset TakenAt, string Reason, JsonObject Document, string Html);
