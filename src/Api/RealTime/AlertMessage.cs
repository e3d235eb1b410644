using System.Text.Json.Serialization;
using DashboardFactory.Alerts;

namespace DashboardFactory.Api.RealTime;

/// <summary>Payload of "alert"; the optional ids are left out rather than sent as null.</summary>
public sealed record AlertMessage(
    string Kind,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FeatureId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CockpitId)
{
    public static AlertMessage From(AlertEvent alert) => new(alert.Kind, alert.Message, alert.FeatureId, alert.CockpitId);
}
