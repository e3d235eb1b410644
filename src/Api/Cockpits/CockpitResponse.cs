using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.Cockpits;

/// <summary>
/// The wire form of a cockpit (API.md): metadata around the document's title, theme and widgets. The widgets stay the
/// document's own JSON, as stored: a widget's keys are optional and its config is free-form, and a typed copy would
/// write nulls where the document has no key.
/// </summary>
public sealed record CockpitResponse(
    string Id,
    string OwnerId,
    string? Title,
    string Version,
    IReadOnlyList<string> Cohorts,
    AutoUpdateResponse AutoUpdate,
    CockpitThemeResponse? Theme,
    JsonObject? Widgets,
    IReadOnlyDictionary<string, InstalledFeatureResponse> InstalledFeatures,
    DateTimeOffset UpdatedAt)
{
    public static CockpitResponse From(CockpitView view)
    {
        var document = CockpitDocument.Parse(view.DocumentJson);
        var installed = new SortedDictionary<string, InstalledFeatureResponse>(StringComparer.Ordinal);
        foreach (var (featureId, feature) in view.InstalledFeatures)
        {
            installed[featureId] = new InstalledFeatureResponse(feature.Version, feature.InstalledAt);
        }

        return new CockpitResponse(
            view.Id,
            view.OwnerId,
            Text(document["title"]),
            view.Version,
            view.Cohorts,
            new AutoUpdateResponse(view.AutoUpdate.Enabled, ChangeTypes.ToWire(view.AutoUpdate.MaxChangeType)),
            document["theme"] is JsonObject theme ? new CockpitThemeResponse(Text(theme["css"]) ?? string.Empty) : null,
            document["widgets"]?.DeepClone() as JsonObject,
            installed,
            view.UpdatedAt);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
