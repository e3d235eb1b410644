using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.Api.GraphQL.Graph;

/// <summary>One widget of a cockpit document: its id (the key in the document) and its properties.</summary>
public sealed record WidgetNode(string Id, JsonObject Fields)
{
    public string? Text(string name) =>
        Fields[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public int? Number(string name) =>
        Fields[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var n) ? n : null;

    public bool? Flag(string name) =>
        Fields[name] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;
}
