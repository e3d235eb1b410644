using DashboardFactory.Alerts;

namespace DashboardFactory.Api.Dashboard;

/// <summary>An alert as the admins got it (the hub's <c>alert</c>, with when).</summary>
public sealed record AlertResponse(DateTimeOffset At, string Kind, string Message, string? FeatureId, string? CockpitId)
{
    public static AlertResponse From(AlertEvent alert) => new(alert.At, alert.Kind, alert.Message, alert.FeatureId, alert.CockpitId);
}
