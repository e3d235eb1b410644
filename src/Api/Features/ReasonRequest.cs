namespace DashboardFactory.Api.Features;

/// <summary>Body of POST /api/features/{id}/deprecate.</summary>
public sealed record ReasonRequest(string? Reason);
