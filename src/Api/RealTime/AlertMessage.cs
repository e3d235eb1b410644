using System.Text.Json.Serialization;
using DashboardFactory.Alerts;
using MessagePack;

namespace DashboardFactory.Api.RealTime;

/// <summary>Payload of "alert"; the optional ids are left out rather than sent as null (on MessagePack they are nil). Same keys on both protocols.</summary>
[MessagePackObject]
public sealed record AlertMessage(
    [property: Key("kind")] string Kind,
    [property: Key("message")] string Message,
    [property: Key("featureId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FeatureId,
    [property: Key("cockpitId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CockpitId)
{
    public static AlertMessage From(AlertEvent alert) => new(alert.Kind, alert.Message, alert.FeatureId, alert.CockpitId);
}
