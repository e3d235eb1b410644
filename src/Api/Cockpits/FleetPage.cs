namespace DashboardFactory.Api.Cockpits;

/// <summary>GET /api/cockpits: a page of cockpits in id order; <c>nextCursor</c> is null on the last page.</summary>
public sealed record FleetPage(IReadOnlyList<FleetItem> Items, string? NextCursor);
