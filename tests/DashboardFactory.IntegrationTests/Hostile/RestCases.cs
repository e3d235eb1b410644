using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// The HTTP cases of one operation, generated from its description alone: hostile values in each route and query
/// parameter, headers that carry tags and ids, missing or forged tokens, methods it does not take, and (for writes)
/// every body mutation of <see cref="BodyMutations"/> plus duplicates of its plausible base request. Streams (an
/// answer of text/event-stream) also get hostile <c>Last-Event-ID</c> headers, resume ids and token parameters.
/// </summary>
public sealed partial class RestCases(HostileApp app, EntryPoints entryPoints, Random random, Func<int> next)
{
    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    private static readonly BodyVariant NoBody = new("no body", null, null);

    public async Task<List<HostileCase>> ForAsync(ApiOperation operation, bool isStream, IReadOnlySet<string> definedKeys)
    {
        var cases = new List<HostileCase>();
        var owner = operation.IsWrite ? operation.Key : null;
        var pathNames = operation.In("path").Select(p => p.Name).ToList();
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in pathNames)
        {
            bound[name] = await app.ValueOfAsync(operation.Template, name, pathNames, owner);
        }

        var query = operation.In("query").Select(p => (p.Name, Value: QueryHint(p.Name))).Where(q => q.Value is not null).ToDictionary(q => q.Name, q => q.Value!);
        var samples = new BodySamples(entryPoints.Schemas, next);
        var mutations = new BodyMutations(entryPoints.Schemas, random);
        var contentType = operation.BodyContentType ?? "application/json";
        BodyVariant? Base(out JsonNode? node)
        {
            node = operation.BodySchema is { } schema ? samples.Sample(schema) : null;
            return operation.IsWrite ? new BodyVariant("base", Encoding.UTF8.GetBytes(node?.ToJsonString() ?? "{}"), contentType) : null;
        }

        void Add(string kind, IReadOnlyDictionary<string, string>? path = null, IReadOnlyDictionary<string, string>? parameters = null, BodyVariant? body = null,
            string caller = "admin", string? method = null, IReadOnlyList<KeyValuePair<string, string>>? headers = null, string? rawQuery = null)
        {
            var values = path ?? bound;
            var scope = new Dictionary<string, string>(values, StringComparer.Ordinal);
            if (body?.Body is { Length: < 100_000 } bytes && CreatedId(bytes) is { } created)
            {
                scope["body.id"] = created;
            }

            cases.Add(new HostileCase(0, operation.Key, kind, method ?? operation.Method, Url(operation.Template, values, parameters ?? query, rawQuery), caller,
                body ?? Base(out _), headers ?? [], scope));
        }

        // The base request and, for writes, the same request twice more.
        Add("base");
        if (operation.IsWrite)
        {
            cases.Add(cases[^1] with { Kind = "base, sent again (duplicate)" });
            cases.Add(cases[^1] with { Kind = "base, sent a third time (duplicate)" });
        }

        // Who calls: nobody, a forged token, a token that is not a bearer token.
        Add("no token", caller: "none");
        Add("forged token", caller: "hz-forged.AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB");
        Add("garbage token", caller: "hz garbage ::: token " + new string('t', 3000));
        Add("admin token with a suffix", caller: ApiFactoryAdminTokenWithSuffix);

        foreach (var name in pathNames)
        {
            // NUL in a path: the test server will not build such a request (Kestrel refuses it too; HostileSocketTests sends it).
            foreach (var value in Sample([.. HostileValues.Ids.Where(v => !v.Contains('\0', StringComparison.Ordinal))], 8))
            {
                Add($"path {{{name}}} = {Show(value)}", path: new Dictionary<string, string>(bound) { [name] = value });
            }
        }

        foreach (var parameter in operation.In("query"))
        {
            var values = Sample(HostileValues.QueryValues, 10).AsEnumerable();
            if (BodySamples.IsTime(parameter.Name, parameter.Schema))
            {
                values = values.Concat(HostileValues.CoreTimes).Concat(Sample(HostileValues.Times, 4));
            }

            foreach (var value in values.Distinct())
            {
                Add($"query {parameter.Name} = {Show(value)}", parameters: new Dictionary<string, string>(query) { [parameter.Name] = value });
            }

            Add($"query {parameter.Name} given twice", rawQuery: $"{parameter.Name}=a&{parameter.Name}=b");
        }

        Add("an unknown query parameter", parameters: new Dictionary<string, string>(query) { ["hz-unknown"] = "1" });
        Add("a 10,000-character query", parameters: new Dictionary<string, string>(query) { ["hz"] = new string('q', 10_000) });
        Add("a query that is not key=value", rawQuery: "%%%&&==&%00=%ff");

        foreach (var header in operation.IsWrite ? ["If-Match"] : new[] { "If-None-Match", "Accept", "Range" })
        {
            foreach (var value in Sample(HostileValues.HeaderValues, 2).Concat(header == "Accept" ? new[] { "text/csv", "application/xml", "text/event-stream" } : Array.Empty<string>()))
            {
                Add($"header {header}: {Show(value)}", headers: [new(header, value)]);
            }
        }

        foreach (var method in OtherMethods.Concat(["HEAD", "PROPFIND"]).Where(m => m != operation.Method && !definedKeys.Contains($"{m} {operation.Template}")))
        {
            Add($"method {method}", method: method, body: method is "POST" or "PUT" or "PATCH" ? new BodyVariant("{}", "{}"u8.ToArray(), "application/json") : NoBody);
        }

        if (isStream)
        {
            foreach (var value in Sample(HostileValues.HeaderValues, 10))
            {
                Add($"header Last-Event-ID: {Show(value)}", headers: [new("Last-Event-ID", value)]);
            }

            foreach (var (name, values) in new[] { ("lastEventId", HostileValues.HeaderValues), ("access_token", HostileValues.QueryValues), ("ticket", HostileValues.QueryValues) })
            {
                foreach (var value in Sample(values, 5))
                {
                    Add($"query {name} = {Show(value)}", parameters: new Dictionary<string, string>(query) { [name] = value });
                }
            }
        }

        if (operation.IsWrite)
        {
            var baseBody = Base(out var node);
            if (operation.BodySchema is { } schema)
            {
                foreach (var variant in mutations.Fields(node, schema, contentType))
                {
                    Add(variant.Kind, body: variant with { Body = Fresh(variant.Body, node, samples, schema) });
                }
            }

            // An operation that takes no body gets the bodies that test the edge's own reading of it (size, text, type).
            var whole = mutations.Whole(node, contentType).ToArray();
            foreach (var variant in operation.BodySchema is null ? whole.Where(v => BodyMutations.ReadAtTheEdge.Any(k => v.Kind.Contains(k, StringComparison.Ordinal))) : whole)
            {
                Add(variant.Kind, body: variant);
            }

            // The owner of the throwaway entities (an operator) writes too: ownership decides before validation does.
            foreach (var variant in Sample([.. cases.Where(c => c.Body?.Body is not null && c.Kind != "base").Select(c => c.Body!)], 2).Prepend(baseBody!))
            {
                Add($"{variant.Kind}, as the owner operator", body: variant, caller: "owner");
            }
        }

        return cases;
    }

    public const string ApiFactoryAdminTokenWithSuffix = Infrastructure.ApiFactory.AdminToken + "x";

    /// <summary>The path with its parameters filled (escaped) and the query appended.</summary>
    public static string Url(string template, IReadOnlyDictionary<string, string> path, IReadOnlyDictionary<string, string> query, string? rawQuery = null)
    {
        var url = Parameter().Replace(template, m => UrlText.Escape(path[m.Groups["name"].Value]));
        var parts = query.Select(q => $"{UrlText.Escape(q.Key)}={UrlText.Escape(q.Value)}").ToList();
        if (rawQuery is not null)
        {
            parts.Add(rawQuery);
        }

        return parts.Count == 0 ? url : url + "?" + string.Join("&", parts);
    }

    /// <summary>The path segment before {name}: "cockpits" in /api/cockpits/{id}.</summary>
    public static string ResourceBefore(string template, string name)
    {
        var before = template[..template.IndexOf("{" + name, StringComparison.Ordinal)].TrimEnd('/');
        return before[(before.LastIndexOf('/') + 1)..];
    }

    /// <summary>Plausible values for query parameters whose name says what they take; others are left out of the base.</summary>
    private static string? QueryHint(string name) => name switch
    {
        "period" => "minute",
        "timeRange" => "1h",
        _ => null,
    };

    /// <summary>A create body names its id: the dump then reads that id too, so a refused create that stored it shows.</summary>
    private static string? CreatedId(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject { } obj && obj["id"] is JsonValue id && id.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? id.GetValue<string>()
                : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Each mutated body gets fresh ids and versions, so a case is not refused as a duplicate of the one before it.</summary>
    private static byte[]? Fresh(byte[]? body, JsonNode? baseNode, BodySamples samples, JsonObject schema)
    {
        if (body is null || baseNode is null)
        {
            return body;
        }

        var text = Encoding.UTF8.GetString(body);
        var fresh = samples.Sample(schema);
        foreach (var field in new[] { "id", "version" })
        {
            if (baseNode is JsonObject b && b[field] is JsonValue old && old.GetValueKind() == System.Text.Json.JsonValueKind.String
                && fresh is JsonObject f && f[field] is JsonValue renewed)
            {
                text = text.Replace($"\"{field}\":\"{old.GetValue<string>()}\"", $"\"{field}\":\"{renewed.GetValue<string>()}\"", StringComparison.Ordinal);
            }
        }

        return Encoding.UTF8.GetBytes(text);
    }

    private static string Show(string value)
    {
        var shown = value.Length > 40 ? value[..20] + $"… {value.Length:N0} chars" : value;
        return "\"" + string.Concat(shown.Select(c => char.IsControl(c) || char.IsSurrogate(c) || c > 0x7E ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }

    private T[] Sample<T>(T[] items, int count) =>
        items.Length <= count ? items : [.. items.OrderBy(_ => random.Next()).Take(count)];

    [GeneratedRegex(@"\{(?<name>[A-Za-z0-9_]+)\}")]
    private static partial Regex Parameter();
}
