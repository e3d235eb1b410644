namespace DashboardFactory.Api.Cockpits;

/// <summary>Whether releases install by themselves, and up to which change type (safe | reviewed | breaking).</summary>
public sealed record AutoUpdateResponse(bool Enabled, string MaxChangeType);
