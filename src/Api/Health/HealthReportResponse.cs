namespace DashboardFactory.Api.Health;

/// <summary>The answer of /health/live and /health/ready: the overall status and each check's, in lower case (healthy, degraded, unhealthy).</summary>
public sealed record HealthReportResponse(string Status, IReadOnlyDictionary<string, HealthCheckResponse> Checks);
