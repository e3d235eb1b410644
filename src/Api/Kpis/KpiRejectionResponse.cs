namespace DashboardFactory.Api.Kpis;

/// <summary>A refused point: its position in the batch, its id if it had one, and why.</summary>
public sealed record KpiRejectionResponse(int Index, string? Id, string Reason);
