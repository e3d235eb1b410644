namespace DashboardFactory.Api.Kpis;

/// <summary>
/// One point of POST /api/kpis/{code}/points, for the OpenAPI document. The handler reads the batch as JSON itself, so
/// that a bad point is refused alone (with its index and reason) while the others are stored.
/// </summary>
public sealed record KpiPointRequest(string? Id, DateTimeOffset Ts, double Value);
