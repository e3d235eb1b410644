using System.Text.Json.Nodes;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>A cockpit as its GraphQL fields read it: the grain's view, its document parsed once for all fields.</summary>
public sealed class CockpitNode(CockpitView view)
{
    private JsonObject? _document;

    public CockpitView View { get; } = view;

    public JsonObject Document => _document ??= CockpitDocument.Parse(View.DocumentJson);

    public IEnumerable<WidgetNode> Widgets => Document["widgets"] is JsonObject widgets
        ? widgets.Where(w => w.Value is JsonObject).Select(w => new WidgetNode(w.Key, (JsonObject)w.Value!))
        : [];
}
