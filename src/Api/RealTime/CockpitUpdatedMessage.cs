using System.Text.Json.Serialization;
using DashboardFactory.Cockpits;
using MessagePack;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Payload of "cockpitUpdated": enough for a browser to decide whether to reload the page, and when the cockpit sent
/// it (after its state was written), for measuring push latency. The keys are the JSON names on MessagePack too.
/// </summary>
[MessagePackObject]
public sealed record CockpitUpdatedMessage(
    [property: Key("cockpitId")] string CockpitId,
    [property: Key("version")] string Version,
    [property: Key("newFeatures")] IReadOnlyList<string> NewFeatures,
    [property: Key("removedFeatures")] IReadOnlyList<string> RemovedFeatures,
    [property: Key("updatedAt")] DateTimeOffset UpdatedAt,
    [property: Key("reason")] string Reason,
    [property: Key("publishedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? PublishedAt)
{
    public static CockpitUpdatedMessage From(CockpitUpdated update) =>
        new(update.CockpitId, update.Version, update.NewFeatures, update.RemovedFeatures, update.UpdatedAt, update.Reason, update.PublishedAt);
}
