using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// Hostile bodies for one operation. Field by field (every property the base body has, nested objects and the first
/// item of arrays included): removed, null, values of the wrong type, hostile strings, extreme and invalid numbers,
/// calendar edges for time fields, huge and deeply nested arrays and objects. Then the body as a whole: empty, not
/// JSON, truncated, nested past any parser's depth, duplicate keys, invalid UTF-8, lone surrogates in keys, raw
/// control characters, oversized (with and without Content-Length) and wrong content types.
/// </summary>
public sealed class BodyMutations(JsonSchemas schemas, Random random)
{
    private const string Marker = "__hz_mutation__";

    /// <summary>Bodies of at most this many bytes are below every body limit; <see cref="Oversized"/> is above all of them.</summary>
    public const int Oversized = 1_100_000;

    /// <summary>The whole-body variants that test how the edge reads any body (for operations that take none).</summary>
    public static readonly string[] ReadAtTheEdge = ["bytes", "invalid UTF-8", "lone surrogate", "not JSON", "empty body", "Content-Type: text/plain", "nested 10,000 deep (arrays)"];

    public IEnumerable<BodyVariant> Fields(JsonNode? baseBody, JsonObject? schema, string contentType)
    {
        var variants = new List<BodyVariant>();
        var paths = new List<(string Path, JsonNode Parent, string? Key, int? Index, JsonObject? Schema)>();
        Walk(baseBody, schema, "$", paths, 0);
        foreach (var (path, parent, key, index, fieldSchema) in paths)
        {
            var name = key ?? string.Empty;
            var value = key is not null ? parent[key] : parent[index!.Value];
            var kind = fieldSchema is null ? KindOf(value) : schemas.Kind(fieldSchema) is "any" ? KindOf(value) : schemas.Kind(fieldSchema);
            var literals = new List<(string Kind, string Json)>();
            if (key is not null)
            {
                variants.Add(new BodyVariant($"{path} removed", Without(baseBody, parent, key), contentType));
            }

            literals.Add(("null", "null"));
            literals.AddRange(Sample(HostileValues.WrongTypes(kind), 2).Select(v => ("wrong type", v)));
            switch (kind)
            {
                case "string":
                    literals.AddRange(Sample(HostileValues.JsonStrings, 5).Select(v => ("string", v)));
                    if (BodySamples.IsTime(name, fieldSchema))
                    {
                        literals.AddRange(HostileValues.CoreTimes.Concat(Sample(HostileValues.Times, 4)).Distinct().Select(t => ("time", JsonSerializer.Serialize(t))));
                    }

                    break;
                case "integer" or "number":
                    literals.AddRange(HostileValues.CoreNumbers.Concat(Sample(HostileValues.JsonNumbers, 3)).Distinct().Select(v => ("number", v)));
                    break;
                case "array":
                    var item = (value as JsonArray)?.FirstOrDefault()?.ToJsonString() ?? "1";
                    literals.Add(("array of 10,000", "[" + string.Join(",", Enumerable.Repeat(item, 10_000)) + "]"));
                    literals.Add(("array nested 200 deep", new string('[', 200) + new string(']', 200)));
                    break;
                case "object":
                    literals.Add(("object", "{}"));
                    literals.Add(("object with an unknown member", """{"hz-unknown":{"a":[1,{"b":null}]}}"""));
                    literals.Add(("object naming a member twice", """{"a":1,"a":2}"""));
                    literals.Add(("object nested 40 deep", Nested(40)));
                    literals.Add(("object nested 300 deep", Nested(300)));
                    literals.Add(("object with 5,000 members", "{" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"k{i}\":{i}")) + "}"));
                    break;
            }

            foreach (var (what, json) in literals)
            {
                variants.Add(new BodyVariant($"{path} = {Describe(what, json)}", With(baseBody, parent, key, index, json), contentType));
            }
        }

        // One huge string in one text field: past the widget text limits, within the largest body limit.
        if (paths.Where(p => (p.Schema is null ? KindOf(p.Key is not null ? p.Parent[p.Key] : p.Parent[p.Index!.Value]) : schemas.Kind(p.Schema)) == "string").ToList() is { Count: > 0 } texts)
        {
            var (path, parent, key, index, _) = texts[random.Next(texts.Count)];
            variants.Add(new BodyVariant($"{path} = 70,000 × 'x'", With(baseBody, parent, key, index, "\"" + new string('x', 70_000) + "\""), contentType));
        }

        return variants;
    }

    public IEnumerable<BodyVariant> Whole(JsonNode? baseBody, string contentType)
    {
        var text = baseBody?.ToJsonString() ?? "{}";
        var bytes = Encoding.UTF8.GetBytes(text);
        var variants = new List<BodyVariant>
        {
            new("empty body", [], contentType),
            new("no body, no content type", null, null),
            new("JSON null", "null"u8.ToArray(), contentType),
            new("JSON true", "true"u8.ToArray(), contentType),
            new("JSON number", "0"u8.ToArray(), contentType),
            new("JSON string", "\"hz\""u8.ToArray(), contentType),
            new("JSON array", "[]"u8.ToArray(), contentType),
            new("JSON object", "{}"u8.ToArray(), contentType),
            new("not JSON", "hostile"u8.ToArray(), contentType),
            new("single quotes", "{'a':1}"u8.ToArray(), contentType),
            new("bare key", "{a:1}"u8.ToArray(), contentType),
            new("trailing comma", "{\"a\":1,}"u8.ToArray(), contentType),
            new("comment", "/* c */{}"u8.ToArray(), contentType),
            new("bare NaN", "{\"a\":NaN}"u8.ToArray(), contentType),
            new("trailing garbage", Encoding.UTF8.GetBytes(text + "}}garbage"), contentType),
            new("two documents", Encoding.UTF8.GetBytes(text + text), contentType),
            new("byte order mark", [0xEF, 0xBB, 0xBF, .. bytes], contentType),
            new("UTF-16 text", Encoding.Unicode.GetBytes(text), contentType),
            new("invalid UTF-8 bytes", [.. "{\"a\":\""u8, 0xFF, 0xFE, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xE2, 0x82, .. "\"}"u8], contentType),
            new("lone surrogate in a key", "{\"\\ud800\":1}"u8.ToArray(), contentType),
            new("raw control characters in a string", [.. "{\"a\":\"x"u8, 0x01, 0x0A, 0x00, .. "\"}"u8], contentType),
            new("duplicate keys", DuplicateKeys(baseBody) ?? "{\"a\":1,\"a\":2}"u8.ToArray(), contentType),
            new("nested 10,000 deep (arrays)", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)), contentType),
            new("nested 10,000 deep (objects)", Encoding.UTF8.GetBytes(Nested(10_000)), contentType),
            new("unterminated nesting", Encoding.UTF8.GetBytes(new string('[', 1000)), contentType),
            new($"{Oversized:N0} bytes", Padded(Oversized), contentType),
            new($"{Oversized:N0} bytes without Content-Length", Padded(Oversized), contentType, Chunked: true),
            new("70,000 bytes", Padded(70_000), contentType),
            new("70,000 bytes without Content-Length", Padded(70_000), contentType, Chunked: true),
            new("the base body without Content-Length", bytes, contentType, Chunked: true),
        };
        foreach (var cut in Sample(Enumerable.Range(1, Math.Max(1, bytes.Length - 1)).ToArray(), 2).Distinct())
        {
            variants.Add(new BodyVariant($"truncated after {cut} of {bytes.Length} bytes", bytes[..cut], contentType));
        }

        foreach (var type in Sample(
        [
            "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=hz", "application/octet-stream",
            "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=\"", ";;;", "*/*",
            "application/JSON", "application/json+hz",
        ], 4).Prepend(contentType == "application/json" ? "application/merge-patch+json" : "application/json").Prepend("text/plain"))
        {
            variants.Add(new BodyVariant($"Content-Type: {type}", bytes, type));
        }

        variants.Add(new BodyVariant("no Content-Type", bytes, null));
        return variants;
    }

    private void Walk(JsonNode? node, JsonObject? schema, string path, List<(string, JsonNode, string?, int?, JsonObject?)> paths, int depth)
    {
        if (depth > 4)
        {
            return;
        }

        if (node is JsonObject obj)
        {
            var properties = schema is null
                ? new Dictionary<string, JsonObject>(StringComparer.Ordinal)
                : schemas.Properties(schema).ToDictionary(p => p.Name, p => p.Schema, StringComparer.Ordinal);
            foreach (var (key, child) in obj.ToList())
            {
                var childSchema = properties.GetValueOrDefault(key);
                paths.Add(($"{path}.{key}", obj, key, null, childSchema));
                Walk(child, childSchema, $"{path}.{key}", paths, depth + 1);
            }
        }
        else if (node is JsonArray { Count: > 0 } array)
        {
            var itemSchema = schema is null ? null : schemas.Items(schema);
            paths.Add(($"{path}[0]", array, null, 0, itemSchema));
            Walk(array[0], itemSchema, $"{path}[0]", paths, depth + 1);
        }
    }

    private static string KindOf(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "any",
    };

    /// <summary>The base body with one value replaced by raw JSON text (which may be invalid JSON on purpose).</summary>
    private static byte[] With(JsonNode? root, JsonNode parent, string? key, int? index, string json)
    {
        var original = key is not null ? parent[key] : parent[index!.Value];
        if (key is not null)
        {
            parent[key] = Marker;
        }
        else
        {
            parent[index!.Value] = Marker;
        }

        try
        {
            return Encoding.UTF8.GetBytes(root!.ToJsonString().Replace($"\"{Marker}\"", json, StringComparison.Ordinal));
        }
        finally
        {
            // The same node goes back (replacing it detached it), so paths recorded below it still point into the body.
            var restored = original;
            if (key is not null)
            {
                parent[key] = restored;
            }
            else
            {
                parent[index!.Value] = restored;
            }
        }
    }

    private static byte[] Without(JsonNode? root, JsonNode parent, string key)
    {
        var obj = parent.AsObject();
        var position = obj.ToList().FindIndex(p => p.Key == key);
        var original = obj[key];
        obj.Remove(key);
        try
        {
            return Encoding.UTF8.GetBytes(root!.ToJsonString());
        }
        finally
        {
            obj.Insert(position, key, original);
        }
    }

    private static byte[]? DuplicateKeys(JsonNode? baseBody)
    {
        if (baseBody is not JsonObject { Count: > 0 } obj)
        {
            return null;
        }

        var (key, value) = obj.First();
        var text = obj.ToJsonString();
        return Encoding.UTF8.GetBytes("{" + JsonSerializer.Serialize(key) + ":" + (value is null ? "null" : value.ToJsonString()) + "," + text[1..]);
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static byte[] Padded(int size)
    {
        var bytes = new byte[size];
        bytes.AsSpan().Fill((byte)'x');
        "{\"pad\":\""u8.CopyTo(bytes);
        "\"}"u8.CopyTo(bytes.AsSpan(size - 2));
        return bytes;
    }

    private static string Describe(string what, string json) =>
        json.Length <= 60 ? $"{json} ({what})" : $"{json[..40]}… {json.Length:N0} chars ({what})";

    private T[] Sample<T>(T[] items, int count) =>
        items.Length <= count ? items : [.. items.OrderBy(_ => random.Next()).Take(count)];
}
