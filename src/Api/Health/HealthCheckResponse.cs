namespace DashboardFactory.Api.Health;

/// <summary>One health check's status and what it found.</summary>
public sealed record HealthCheckResponse(string Status, string? Description);
