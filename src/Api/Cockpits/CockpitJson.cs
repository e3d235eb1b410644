using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.Cockpits;

/// <summary>The wire form of a cockpit (API.md): metadata around the document's title, theme and widgets.</summary>
public static class CockpitJson
{
    public static JsonObject From(CockpitView view)
    {
        var document = CockpitDocument.Parse(view.DocumentJson);
        var installed = new JsonObject();
        foreach (var (featureId, feature) in view.InstalledFeatures.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            installed[featureId] = new JsonObject { ["version"] = feature.Version, ["installedAt"] = feature.InstalledAt };
        }

        return new JsonObject
        {
            ["id"] = view.Id,
            ["ownerId"] = view.OwnerId,
            ["title"] = document["title"]?.DeepClone(),
            ["version"] = view.Version,
            ["cohorts"] = new JsonArray([.. view.Cohorts.Select(c => JsonValue.Create(c))]),
            ["autoUpdate"] = new JsonObject
            {
                ["enabled"] = view.AutoUpdate.Enabled,
                ["maxChangeType"] = ChangeTypes.ToWire(view.AutoUpdate.MaxChangeType),
            },
            ["theme"] = document["theme"]?.DeepClone(),
            ["widgets"] = document["widgets"]?.DeepClone(),
            ["installedFeatures"] = installed,
            ["updatedAt"] = view.UpdatedAt,
        };
    }
}
