using System.Text.Json.Nodes;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// Reads the JSON schemas of an OpenAPI document as ASP.NET Core's generator writes them (3.0 or 3.1): <c>$ref</c> into
/// <c>components/schemas</c>, <c>type</c> as a word or a list (<c>["integer", "string"]</c> for numbers that may come
/// as text, <c>"null"</c> for nullable), <c>oneOf</c>/<c>anyOf</c> with a null branch, <c>properties</c>, <c>items</c>,
/// <c>enum</c>, <c>format</c>.
/// </summary>
public sealed class JsonSchemas(JsonObject? components)
{
    /// <summary>The schema behind references and nullable wrappers; an empty schema (anything) for null.</summary>
    public JsonObject Resolve(JsonNode? schema)
    {
        for (var hops = 0; hops < 32 && schema is JsonObject s; hops++)
        {
            if (s["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = components?[reference[(reference.LastIndexOf('/') + 1)..]];
                continue;
            }

            var branches = (s["oneOf"] ?? s["anyOf"] ?? s["allOf"]) as JsonArray;
            var branch = branches?.FirstOrDefault(b => b is JsonObject o && !IsNullOnly(o));
            if (branch is not null && s["properties"] is null && s["type"] is null)
            {
                schema = branch;
                continue;
            }

            return s;
        }

        return [];
    }

    /// <summary>object, array, string, integer, number, boolean, or any (the schema says nothing).</summary>
    public string Kind(JsonObject schema)
    {
        var types = schema["type"] switch
        {
            JsonValue single => new List<string> { single.GetValue<string>() },
            JsonArray list => list.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList(),
            _ => new List<string>(),
        };
        if (types.Contains("integer"))
        {
            return "integer";
        }

        if (types.Contains("number"))
        {
            return "number";
        }

        if (types.Count > 0)
        {
            return types[0];
        }

        if (schema["properties"] is not null || schema["additionalProperties"] is not null)
        {
            return "object";
        }

        if (schema["items"] is not null)
        {
            return "array";
        }

        return schema["enum"] is JsonArray { Count: > 0 } values && values[0] is JsonValue first
            ? first.GetValueKind() switch
            {
                System.Text.Json.JsonValueKind.Number => "number",
                System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
                _ => "string",
            }
            : "any";
    }

    /// <summary>An object or untyped schema that names no property: the document does not say what goes in it.</summary>
    public bool IsFreeForm(JsonObject schema) =>
        Kind(schema) is "object" or "any" && schema["properties"] is not JsonObject { Count: > 0 };

    public IEnumerable<(string Name, JsonObject Schema, bool Required)> Properties(JsonObject schema)
    {
        var required = (schema["required"] as JsonArray)?.Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        if (schema["properties"] is not JsonObject properties)
        {
            yield break;
        }

        foreach (var (name, property) in properties)
        {
            yield return (name, Resolve(property), required.Contains(name));
        }
    }

    public JsonObject Items(JsonObject schema) => Resolve(schema["items"]);

    private static bool IsNullOnly(JsonObject schema) =>
        schema["type"] is JsonValue type && type.GetValue<string>() == "null";
}
