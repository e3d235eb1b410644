using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>
/// Validates JSON against the subset of JSON Schema (2020-12, as OpenAPI 3.1 embeds it, plus 3.0's <c>nullable</c>) that
/// ASP.NET Core's OpenAPI generator emits: <c>$ref</c> to the document's components, <c>type</c> (one or several),
/// <c>properties</c>, <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>enum</c>, <c>const</c>,
/// <c>oneOf</c> / <c>anyOf</c> / <c>allOf</c>, <c>pattern</c>, <c>minLength</c> / <c>maxLength</c>, and
/// <c>format: date-time</c>. Other keywords (descriptions, examples, other formats) do not constrain. Each problem
/// names the JSON path of the value, e.g. <c>$.items[2].version</c>.
/// </summary>
public sealed class JsonSchemaSubset(JsonElement document)
{
    private const int MaxDepth = 64;

    // RFC 3339 date-time, as System.Text.Json writes DateTimeOffset ("2026-11-30T08:00:00.123+00:00" or "...Z").
    private static readonly Regex DateTime = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant);

    /// <summary>Every way <paramref name="value"/> breaks <paramref name="schema"/>; empty when it conforms.</summary>
    public IReadOnlyList<string> Validate(JsonElement schema, JsonElement value, string path = "$")
    {
        var problems = new List<string>();
        Check(schema, value, path, problems, 0);
        return problems;
    }

    /// <summary>The schema a local reference points to (<c>#/components/schemas/Name</c>).</summary>
    public JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local references are supported, not '{reference}'.");
        }

        var node = document;
        foreach (var raw in reference[2..].Split('/'))
        {
            var name = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(name, out node))
            {
                throw new KeyNotFoundException($"The document has nothing at '{reference}'.");
            }
        }

        return node;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> problems, int depth)
    {
        if (depth > MaxDepth)
        {
            problems.Add($"{path}: nested deeper than {MaxDepth} schemas (a reference cycle?)");
            return;
        }

        if (schema.ValueKind == JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind == JsonValueKind.False)
        {
            problems.Add($"{path}: no value is allowed here");
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: the schema is not an object but {schema.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, problems, depth + 1);
        }

        var nullable = schema.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True;
        if (nullable && value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, value))
        {
            problems.Add($"{path}: expected {Describe(type)}{(nullable ? " or null" : string.Empty)}, got {Kind(value)}");
            return;
        }

        if (schema.TryGetProperty("enum", out var choices) && !choices.EnumerateArray().Any(c => JsonElement.DeepEquals(c, value)))
        {
            problems.Add($"{path}: {Shorten(value)} is not one of {Shorten(choices)}");
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
        {
            problems.Add($"{path}: {Shorten(value)} is not {Shorten(constant)}");
        }

        CheckComposition(schema, value, path, problems, depth);
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(schema, value, path, problems, depth);
                break;
            case JsonValueKind.Array when schema.TryGetProperty("items", out var items):
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, $"{path}[{index++}]", problems, depth + 1);
                }

                break;
            case JsonValueKind.String:
                CheckString(schema, value.GetString()!, path, problems);
                break;
        }
    }

    private void CheckComposition(JsonElement schema, JsonElement value, string path, List<string> problems, int depth)
    {
        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var part in all.EnumerateArray())
            {
                Check(part, value, path, problems, depth + 1);
            }
        }

        if (schema.TryGetProperty("anyOf", out var any))
        {
            var attempts = any.EnumerateArray().Select(part => Validate(part, value, path)).ToList();
            if (attempts.All(a => a.Count > 0))
            {
                problems.Add($"{path}: matches none of anyOf: {string.Join(" | ", attempts.Select(a => a[0]))}");
            }
        }

        if (schema.TryGetProperty("oneOf", out var one))
        {
            var attempts = one.EnumerateArray().Select(part => Validate(part, value, path)).ToList();
            var matched = attempts.Count(a => a.Count == 0);
            if (matched != 1)
            {
                problems.Add(matched == 0
                    ? $"{path}: matches none of oneOf: {string.Join(" | ", attempts.Select(a => a[0]))}"
                    : $"{path}: matches {matched} schemas of oneOf, exactly one is allowed");
            }
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> problems, int depth)
    {
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    problems.Add($"{path}.{name}: required, but missing");
                }
            }
        }

        var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : default;
        foreach (var member in value.EnumerateObject())
        {
            var memberPath = $"{path}.{member.Name}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(member.Name, out var propertySchema))
            {
                Check(propertySchema, member.Value, memberPath, problems, depth + 1);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                problems.Add($"{memberPath}: not a property the schema allows");
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                Check(additional, member.Value, memberPath, problems, depth + 1);
            }
        }
    }

    private static void CheckString(JsonElement schema, string text, string path, List<string> problems)
    {
        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
            && !(DateTime.IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)))
        {
            problems.Add($"{path}: \"{Shorten(text)}\" is not an RFC 3339 date-time");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            problems.Add($"{path}: \"{Shorten(text)}\" does not match {pattern.GetString()}");
        }

        if (schema.TryGetProperty("minLength", out var min) && text.Length < min.GetInt32())
        {
            problems.Add($"{path}: shorter than {min.GetInt32()} characters");
        }

        if (schema.TryGetProperty("maxLength", out var max) && text.Length > max.GetInt32())
        {
            problems.Add($"{path}: longer than {max.GetInt32()} characters");
        }
    }

    private static bool MatchesType(JsonElement type, JsonElement value) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => MatchesType(t.GetString()!, value))
        : MatchesType(type.GetString()!, value);

    private static bool MatchesType(string type, JsonElement value) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsIntegral(value),
        _ => throw new NotSupportedException($"Unknown JSON Schema type '{type}'."),
    };

    private static bool IsIntegral(JsonElement number) =>
        number.TryGetInt64(out _) || (number.TryGetDouble(out var d) && Math.Abs(d) >= long.MaxValue && Math.Floor(d) == d);

    private static string Describe(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? string.Join(" or ", type.EnumerateArray().Select(t => t.GetString())) : type.GetString()!;

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => IsIntegral(value) ? $"integer {value.GetRawText()}" : $"number {value.GetRawText()}",
        JsonValueKind.String => $"string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(JsonElement value) => Shorten(value.GetRawText());

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "...";
}
