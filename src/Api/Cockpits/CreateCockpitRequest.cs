namespace DashboardFactory.Api.Cockpits;

/// <summary>Body of POST /api/cockpits; nullable so a missing field is a validation error.</summary>
public sealed record CreateCockpitRequest(string? Id, string? OwnerId, string? Title, List<string?>? Cohorts, AutoUpdateRequest? AutoUpdate);
