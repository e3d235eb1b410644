using System.Text.Json.Nodes;

namespace DashboardFactory.Api.Cockpits;

public sealed record FleetItem(string Id, string Version);

public sealed record FleetPage(IReadOnlyList<FleetItem> Items, string? NextCursor);

public sealed record SnapshotSummaryResponse(string Id, string Version, DateTimeOffset TakenAt, string Reason);

public sealed record SnapshotResponse(string Id, string Version, DateTimeOffset TakenAt, string Reason, JsonObject Document, string Html);
