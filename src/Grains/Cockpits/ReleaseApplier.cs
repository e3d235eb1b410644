using System.Text.Json.Nodes;
using DashboardFactory.Placement;

namespace DashboardFactory.Cockpits;

/// <summary>
/// What the factory would produce: <c>apply(release, pristine)</c> and <c>remove(feature, pristine)</c>.
/// A feature owns one widget whose id is the feature id. A first install is placed against the operator's
/// current layout (what they see), so the new widget lands in a slot that is free on their screen.
/// </summary>
public static class ReleaseApplier
{
    public static JsonObject Apply(FeatureRelease release, JsonObject pristine, JsonObject current)
    {
        var result = (JsonObject)pristine.DeepClone();
        var widgets = Widgets(result);
        var widget = ToWidget(release);
        if (widgets[release.FeatureId] is JsonObject installed)
        {
            // An upgrade keeps the factory's earlier placement; only the content and size move.
            widget["x"] = CockpitDocument.Int(installed["x"]) ?? 0;
            widget["y"] = CockpitDocument.Int(installed["y"]) ?? 0;
            if (installed["quadrant"] is { } quadrant)
            {
                widget["quadrant"] = quadrant.DeepClone();
            }

            var w = Math.Min(release.Widget.W, CockpitDocument.GridColumns - (CockpitDocument.Int(widget["x"]) ?? 0));
            widget["w"] = Math.Max(1, w);
        }
        else
        {
            var occupied = CockpitDocument.Widgets(current)
                .Where(p => p.Key != release.FeatureId && p.Value is JsonObject w && w["hidden"]?.GetValue<bool>() != true)
                .Select(p => Rect((JsonObject)p.Value!))
                .ToList();
            var slot = Place(release, occupied);
            widget["x"] = slot.X;
            widget["y"] = slot.Y;
            widget["w"] = slot.W;
            widget["h"] = slot.H;
        }

        widgets[release.FeatureId] = widget;
        return result;
    }

    public static JsonObject Remove(string featureId, JsonObject pristine)
    {
        var result = (JsonObject)pristine.DeepClone();
        var widgets = Widgets(result);
        foreach (var id in OwnedBy(widgets, featureId))
        {
            widgets.Remove(id);
        }

        return result;
    }

    /// <summary>Ids of the widgets a feature owns in a document.</summary>
    public static IReadOnlyList<string> OwnedBy(JsonObject widgets, string featureId) =>
        [.. widgets.Where(p => p.Key == featureId || (p.Value is JsonObject w && CockpitDocument.String(w["featureId"]) == featureId)).Select(p => p.Key)];

    private static GridRect Place(FeatureRelease release, IReadOnlyList<GridRect> occupied)
    {
        var (w, h) = (Math.Clamp(release.Widget.W, 1, CockpitDocument.GridColumns), Math.Clamp(release.Widget.H, 1, 100));
        return release.Injection switch
        {
            InjectionMode.Smart => GridPlacement.Smart(occupied, w, h),
            InjectionMode.Quadrant => GridPlacement.Quadrant(occupied, w, h,
                GridPlacement.TryParseQuadrant(release.Quadrant, out var quadrant) ? quadrant : GridQuadrant.NorthWest),
            _ => GridPlacement.Append(occupied, w, h),
        };
    }

    private static JsonObject ToWidget(FeatureRelease release)
    {
        var widget = new JsonObject
        {
            ["featureId"] = release.FeatureId,
            ["featureVersion"] = release.Version,
            ["type"] = release.Widget.Type,
            ["title"] = release.Widget.Title,
            ["x"] = 0,
            ["y"] = 0,
            ["w"] = Math.Clamp(release.Widget.W, 1, CockpitDocument.GridColumns),
            ["h"] = Math.Clamp(release.Widget.H, 1, 100),
            ["config"] = JsonNode.Parse(string.IsNullOrWhiteSpace(release.Widget.ConfigJson) ? "{}" : release.Widget.ConfigJson),
            ["html"] = release.Widget.Html,
            ["css"] = release.Widget.Css,
            ["hidden"] = false,
        };
        if (!string.IsNullOrEmpty(release.Widget.Script))
        {
            widget["script"] = release.Widget.Script;
        }

        if (release.Injection == InjectionMode.Quadrant)
        {
            widget["quadrant"] = release.Quadrant ?? "nw";
        }

        return widget;
    }

    private static GridRect Rect(JsonObject widget) => new(
        CockpitDocument.Int(widget["x"]) ?? 0,
        CockpitDocument.Int(widget["y"]) ?? 0,
        CockpitDocument.Int(widget["w"]) ?? 1,
        CockpitDocument.Int(widget["h"]) ?? 1);

    private static JsonObject Widgets(JsonObject document)
    {
        if (document["widgets"] is not JsonObject widgets)
        {
            document["widgets"] = widgets = new JsonObject();
        }

        return widgets;
    }
}
