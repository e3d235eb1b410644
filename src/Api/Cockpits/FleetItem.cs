namespace DashboardFactory.Api.Cockpits;

/// <summary>One cockpit of a fleet page.</summary>
public sealed record FleetItem(string Id, string Version);
