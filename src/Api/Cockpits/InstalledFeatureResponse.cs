namespace DashboardFactory.Api.Cockpits;

/// <summary>A feature a cockpit has: the version and when it was installed.</summary>
public sealed record InstalledFeatureResponse(string Version, DateTimeOffset InstalledAt);
