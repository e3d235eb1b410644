namespace DashboardFactory.Api.Cockpits;

/// <summary>Whether releases install by themselves (default true), up to which change type (safe | reviewed | breaking, default reviewed).</summary>
public sealed record AutoUpdateRequest(bool? Enabled, string? MaxChangeType);
