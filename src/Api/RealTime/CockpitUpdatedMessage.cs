using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.RealTime;

/// <summary>Payload of "cockpitUpdated": enough for a browser to decide whether to reload the page.</summary>
public sealed record CockpitUpdatedMessage(
    string CockpitId,
    string Version,
    IReadOnlyList<string> NewFeatures,
    IReadOnlyList<string> RemovedFeatures,
    DateTimeOffset UpdatedAt,
    string Reason)
{
    public static CockpitUpdatedMessage From(CockpitUpdated update) =>
        new(update.CockpitId, update.Version, update.NewFeatures, update.RemovedFeatures, update.UpdatedAt, update.Reason);
}
