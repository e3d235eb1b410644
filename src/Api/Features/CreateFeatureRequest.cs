namespace DashboardFactory.Api.Features;

/// <summary>Body of POST /api/features; every field is nullable so a missing one is a validation error.</summary>
public sealed record CreateFeatureRequest(string? Id, string? Name, string? Description);
