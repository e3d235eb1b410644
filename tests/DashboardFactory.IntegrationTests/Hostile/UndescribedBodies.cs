using System.Text.Json.Nodes;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// Request bodies the OpenAPI document does not describe yet (the handler reads the raw body, or binds a free-form
/// <c>JsonObject</c>), written down from API.md so their fields get every field-level mutation too. The document wins
/// as soon as it describes an operation's body (issue 15, point 7); an entry the document has made redundant is only
/// reported, never a failure, so the two can land in either order.
/// </summary>
public static class UndescribedBodies
{
    private static readonly Dictionary<string, (string ContentType, string Schema)> Schemas = new(StringComparer.Ordinal)
    {
        ["POST /api/kpis/{code}/points"] = ("application/json", """
            {"type":"array","items":{"type":"object","required":["ts","value"],"properties":{
              "id":{"type":["string","null"]},"ts":{"type":"string","format":"date-time"},"value":{"type":"number","format":"double"}}}}
            """),
        ["PATCH /api/cockpits/{id}"] = ("application/merge-patch+json", """
            {"type":"object","properties":{
              "title":{"type":"string"},
              "theme":{"type":"object","properties":{"css":{"type":"string"}}},
              "cohorts":{"type":"array","items":{"type":"string"}},
              "autoUpdate":{"type":"object","properties":{"enabled":{"type":"boolean"},"maxChangeType":{"type":"string","enum":["safe","reviewed","breaking"]}}},
              "widgets":{"type":"object","properties":{"hz-widget":{"type":"object","properties":{
                "type":{"type":"string"},"title":{"type":"string"},"x":{"type":"integer"},"y":{"type":"integer"},"w":{"type":"integer"},"h":{"type":"integer"},
                "quadrant":{"type":"string"},"config":{"type":"object","properties":{"kpi":{"type":"string"},"period":{"type":"string","enum":["minute","hour","day"]}}},
                "html":{"type":"string"},"css":{"type":"string"},"script":{"type":"string"},"hidden":{"type":"boolean"}}}}}}}
            """),
        ["PATCH /api/features/{id}"] = ("application/json", """
            {"type":"object","properties":{"owner":{"type":["string","null"]},"cohorts":{"type":"array","items":{"type":"string"}}}}
            """),
    };

    public static IEnumerable<string> Keys => Schemas.Keys;

    public static bool TryGet(string key, out string contentType, out JsonObject schema)
    {
        if (Schemas.TryGetValue(key, out var entry))
        {
            contentType = entry.ContentType;
            schema = JsonNode.Parse(entry.Schema)!.AsObject();
            return true;
        }

        contentType = string.Empty;
        schema = [];
        return false;
    }
}
