using System.Globalization;
using System.Text;
using System.Text.Json;
using DashboardFactory.Api.GraphQL.Graph;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// Hostile GraphQL over POST /graphql, generated from the app's schema: every root field of query, mutation and
/// subscription with each argument in turn given hostile values of its type (as variables, the way clients send them,
/// and inline as literals), input objects field by field; then documents that are hostile in themselves (syntax,
/// depth, size, aliases, fragment cycles, directives, operation names) and request envelopes that are not GraphQL.
/// Mutations target a throwaway KPI and feature of their own.
/// </summary>
public sealed class GraphQLCases(HostileApp app, Random random)
{
    public sealed record Field(string Operation, FieldType Definition);

    public static IReadOnlyList<Field> RootFields(HostileApp app)
    {
        var schema = app.Services.GetRequiredService<DashboardSchema>();
        schema.Initialize();
        return [.. new[] { ("query", schema.Query), ("mutation", schema.Mutation), ("subscription", schema.Subscription) }
            .Where(t => t.Item2 is not null)
            .SelectMany(t => t.Item2!.Fields.Where(f => !f.Name.StartsWith("__", StringComparison.Ordinal)).Select(f => new Field(t.Item1, f)))];
    }

    public async Task<List<(HostileCase Case, string Template)>> GenerateAsync(int firstNumber)
    {
        var cases = new List<(HostileCase, string)>();
        var kpi = await app.ValueOfAsync("/api/kpis/{code}/points", "code", ["code"], "GRAPHQL ingestKpiPoints");
        var feature = await app.ValueOfAsync("/api/features/{id}/votes", "id", ["id"], "GRAPHQL vote");
        void Add(string operation, string kind, string body, IReadOnlyDictionary<string, string>? scope = null, string template = "/graphql", string? contentType = "application/json") =>
            cases.Add((new HostileCase(firstNumber + cases.Count, operation, kind, "POST", "/graphql", "admin",
                new BodyVariant(kind, Encoding.UTF8.GetBytes(body), contentType), [], scope ?? new Dictionary<string, string>()), template));

        foreach (var (operation, field) in RootFields(app))
        {
            var key = $"GRAPHQL {operation} {field.Name}";
            var (scope, template) = (operation, field.Name) switch
            {
                ("mutation", "ingestKpiPoints") => (new Dictionary<string, string> { ["code"] = kpi }, "/api/kpis/{code}/points"),
                ("mutation", "vote") => (new Dictionary<string, string> { ["id"] = feature }, "/api/features/{id}/votes"),
                _ => (new Dictionary<string, string>(), "/graphql"),
            };
            var arguments = field.Arguments?.ToList() ?? [];
            var declarations = arguments.Count == 0 ? string.Empty : "(" + string.Join(", ", arguments.Select(a => $"${a.Name}: {Print(a.ResolvedType!)}")) + ")";
            var call = arguments.Count == 0 ? field.Name : field.Name + "(" + string.Join(", ", arguments.Select(a => $"{a.Name}: ${a.Name}")) + ")";
            var document = $"{operation} Hz{declarations} {{ {call}{Selection(field.ResolvedType!)} }}";
            var canary = arguments.ToDictionary(a => a.Name, a => Canary(field.Name, a.Name, a.ResolvedType!, kpi, feature));
            string Request(IReadOnlyDictionary<string, string> variables) =>
                $"{{\"query\":{JsonSerializer.Serialize(document)},\"variables\":{{{string.Join(",", variables.Select(v => $"{JsonSerializer.Serialize(v.Key)}:{v.Value}"))}}}}}";

            Add(key, "canary variables", Request(canary), scope, template);
            foreach (var argument in arguments)
            {
                foreach (var (kind, json) in Values(argument.ResolvedType!, argument.Name, 0))
                {
                    Add(key, $"${argument.Name} = {kind}", Request(new Dictionary<string, string>(canary) { [argument.Name] = json }), scope, template);
                }

                Add(key, $"${argument.Name} missing", Request(canary.Where(c => c.Key != argument.Name).ToDictionary()), scope, template);

                // Inline literals: GraphQL's own escapes and number syntax, which variables never carry.
                foreach (var literal in Literals(argument.ResolvedType!))
                {
                    var inline = $"{operation} {{ {field.Name}({string.Join(", ", arguments.Select(a => a == argument ? $"{a.Name}: {literal}" : $"{a.Name}: {LiteralOf(canary[a.Name])}"))}){Selection(field.ResolvedType!)} }}";
                    Add(key, $"{argument.Name}: {Shorten(literal)} inline", JsonSerializer.Serialize(new { query = inline }), scope, template);
                }
            }
        }

        foreach (var (kind, document) in Documents())
        {
            Add("GRAPHQL document", kind, JsonSerializer.Serialize(new { query = document }));
        }

        foreach (var (kind, body) in Envelopes())
        {
            Add("GRAPHQL request", kind, body);
        }

        return cases;
    }

    /// <summary>A GraphQL answer must say what went wrong in words and codes, never INTERNAL (the GraphQL form of a 500).</summary>
    public static string? Judge(Outcome outcome)
    {
        if (outcome.Status != 200)
        {
            return null;
        }

        try
        {
            var result = JsonDocument.Parse(outcome.Body).RootElement;
            if (result.ValueKind != JsonValueKind.Object || !(result.TryGetProperty("data", out _) || result.TryGetProperty("errors", out _)))
            {
                return $"the answer is neither data nor errors: {Shorten(outcome.Body)}";
            }

            if (result.TryGetProperty("errors", out var errors) && errors.EnumerateArray().FirstOrDefault(e =>
                e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var code) && code.GetString() == "INTERNAL") is { ValueKind: JsonValueKind.Object } internalError)
            {
                return $"an INTERNAL error: {internalError}";
            }
        }
        catch (JsonException)
        {
            return $"the answer is not JSON: {Shorten(outcome.Body)}";
        }

        return null;
    }

    /// <summary>A GraphQL write was refused: a 4xx, or errors with no data for its field.</summary>
    public static bool Refused(Outcome outcome)
    {
        if (outcome.Status >= 400)
        {
            return true;
        }

        try
        {
            var result = JsonDocument.Parse(outcome.Body).RootElement;
            return result.TryGetProperty("errors", out _)
                && (!result.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null || data.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.Null));
        }
        catch (JsonException)
        {
            return true;
        }
    }

    public static string Print(IGraphType type) => type switch
    {
        NonNullGraphType n => Print(n.ResolvedType!) + "!",
        ListGraphType l => "[" + Print(l.ResolvedType!) + "]",
        _ => type.Name,
    };

    private static IGraphType Named(IGraphType type) => type switch
    {
        NonNullGraphType n => Named(n.ResolvedType!),
        ListGraphType l => Named(l.ResolvedType!),
        _ => type,
    };

    private static string Selection(IGraphType type) =>
        Named(type) is IComplexGraphType or IAbstractGraphType ? " { __typename }" : string.Empty;

    /// <summary>The canary value of an argument, as JSON.</summary>
    private string Canary(string field, string argument, IGraphType type, string kpi, string feature) => (field, argument) switch
    {
        ("cockpit" or "cockpitUpdated", _) or (_, "cockpitId") => Json(HostileApp.CockpitId),
        ("user", "id") => Json(HostileApp.OwnerId),
        ("feature", "id") => Json(HostileApp.FeatureId),
        ("campaign", "id") => Json(app.CampaignId),
        ("ingestKpiPoints", "code") => Json(kpi),
        (_, "code") => Json(HostileApp.KpiCode),
        ("vote", "featureId") => Json(feature),
        (_, "points") => $"[{{\"ts\":{Json(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture))},\"value\":1.5}}]",
        (_, "first") => "5",
        (_, "approve") => "true",
        _ when Named(type) is EnumerationGraphType e && type is NonNullGraphType => Json(e.Values.First().Name),
        _ when type is NonNullGraphType => Named(type).Name switch { "Int" => "1", "Float" => "1.5", "Boolean" => "true", _ => Json("hz") },
        _ => "null",
    };

    /// <summary>Hostile values of a type as JSON variables; input objects field by field, lists by size and content.</summary>
    private IEnumerable<(string Kind, string Json)> Values(IGraphType type, string name, int depth)
    {
        yield return ("null", "null");
        var inner = type is NonNullGraphType n ? n.ResolvedType! : type;
        if (inner is ListGraphType list)
        {
            yield return ("[]", "[]");
            yield return ("a string instead of a list", "\"x\"");
            yield return ("[null]", "[null]");
            yield return ("10,001 items", "[" + string.Join(",", Enumerable.Repeat(Canary(string.Empty, name, list.ResolvedType!, HostileApp.KpiCode, HostileApp.FeatureId) is "null" ? "{}" : PointJson(), 10_001)) + "]");
            if (depth < 2)
            {
                foreach (var (kind, json) in Values(list.ResolvedType!, name, depth + 1))
                {
                    yield return ($"[{kind}]", "[" + json + "]");
                }
            }

            yield break;
        }

        switch (Named(inner))
        {
            case EnumerationGraphType e:
                foreach (var v in new[] { "\"\"", Json(e.Values.First().Name.ToUpperInvariant()), Json(e.Values.First().Name + "s"), "\"\\ud800\"", "1", "true", "{}" })
                {
                    yield return ($"enum {v}", v);
                }

                break;
            case IInputObjectGraphType input when depth < 2:
                foreach (var w in HostileValues.WrongTypes("object"))
                {
                    yield return ($"wrong type {w}", w);
                }

                var fields = input.Fields.ToList();
                foreach (var f in fields)
                {
                    foreach (var (kind, json) in Values(f.ResolvedType!, f.Name, depth + 1))
                    {
                        yield return ($"{{{f.Name}: {kind}}}", "{" + string.Join(",", fields.Select(g => $"{Json(g.Name)}:{(g == f ? json : PointField(g.Name))}")) + "}");
                    }
                }

                break;
            case var scalar:
                var values = scalar.Name switch
                {
                    "Int" or "Float" or "Long" or "Decimal" => HostileValues.JsonNumbers.Select(v => ("number", v)),
                    "Boolean" => HostileValues.WrongTypes("boolean").Select(v => ("wrong type", v)),
                    _ => Sample(HostileValues.JsonStrings, 12).Select(v => ("string", v))
                        .Concat(HostileValues.WrongTypes("string").Select(v => ("wrong type", v)))
                        .Concat(BodySamples.IsTime(name, null) ? HostileValues.Times.Select(t => ("time", Json(t))) : Enumerable.Empty<(string, string)>()),
                };
                foreach (var (kind, json) in values)
                {
                    yield return ($"{Shorten(json)} ({kind})", json);
                }

                break;
        }
    }

    private static IEnumerable<string> Literals(IGraphType type) => Named(type) switch
    {
        EnumerationGraphType => ["MINUTE", "\"minute\"", "null", "1", "minute_", "__typename"],
        IInputObjectGraphType => ["{}", "{ts: 1e309, value: 1e400}", "{ts: \"0001-01-01T00:00:00+14:00\", value: -1e308}", "{hz: 1}", "[{}]"],
        { Name: "Int" or "Float" } => ["99999999999999999999999", "1e309", "-0", "0x10", "NaN", "\"1\"", "1.5"],
        { Name: "Boolean" } => ["\"true\"", "1", "null", "TRUE"],
        _ => ["\"\\ud800\"", "\"\\u0000\"", "\"\\uD83D\\uDE00\"", "\"" + new string('a', 100) + "\"", "\"\"\"block \\\"\"\" \"\"\"", "123", "true", "[\"a\"]", "{a: 1}", "\"unterminated"],
    };

    private static string LiteralOf(string json) => json switch
    {
        "null" => "null",
        _ when json.StartsWith('[') => "[{ts: \"" + DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture) + "\", value: 1.5}]",
        _ when json.StartsWith('"') && json is "\"minute\"" or "\"hour\"" or "\"day\"" => json.Trim('"'),
        _ => json,
    };

    private static IEnumerable<(string Kind, string Document)> Documents()
    {
        var deep = string.Concat(Enumerable.Repeat("{ __schema { types { fields { type { ofType ", 1)) + string.Concat(Enumerable.Repeat("{ ofType ", 60)) + "{ name }" + new string('}', 60) + " } } } } }";
        return
        [
            ("empty", ""), ("blank", "   "), ("only a brace", "{"), ("unbalanced", "{ me { id } } }"), ("unterminated", "{ me { id }"),
            ("a lone word", "mutation"), ("unknown field", "{ hz }"), ("unknown argument", "{ me(hz: 1) { id } }"),
            ("a subscription over HTTP", "subscription { alerts { kind } }"), ("two anonymous operations", "{ me { id } } { me { id } }"),
            ("two operations, same name", "query Q { me { id } } query Q { me { id } }"), ("unknown directive", "{ me @hz { id } }"),
            ("@skip with a string", "{ me @skip(if: \"x\") { id } }"), ("fragment cycle", "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }"),
            ("fragment on an unknown type", "fragment A on Hz { x } { ...A }"), ("unused fragment", "fragment A on Query { me { id } } { __typename }"),
            ("spread of an unknown fragment", "{ ...Hz }"), ("variable never declared", "{ cockpit(id: $hz) { id } }"),
            ("variable of an unknown type", "query($a: Hz) { __typename }"), ("introspection nested 60 deep", deep),
            ("selection nested 300 deep", string.Concat(Enumerable.Repeat("{ me ", 300)) + new string('}', 300)),
            ("5,000 aliases", "{ " + string.Join(" ", Enumerable.Range(0, 5000).Select(i => $"a{i}: __typename")) + " }"),
            ("2,000 aliased KPI reads", "{ " + string.Join(" ", Enumerable.Range(0, 2000).Select(i => $"k{i}: kpi(code: \"{HostileApp.KpiCode}\") {{ avg }}")) + " }"),
            ("a 20,000-character name", "{ " + new string('a', 20_000) + " }"), ("NUL in the document", "{ me\u0000 { id } }"),
            ("a lone surrogate escape in a string", "{ cockpit(id: \"\\ud800\") { id } }"), ("an unterminated string", "{ cockpit(id: \"abc) { id } }"),
            ("an integer beyond Int", "{ cockpits(first: 99999999999999999999) { nextCursor } }"), ("a float where an Int goes", "{ cockpits(first: 1.5) { nextCursor } }"),
            ("__type with a hostile name", "{ __type(name: \"../../x\") { name } }"), ("__schema", "{ __schema { queryType { name } } }"),
            ("comment only", "# nothing here"), ("unicode BOM and a query", "\ufeff{ __typename }"), ("a block string", "{ cockpit(id: \"\"\"a\\\"\"\"b\"\"\") { id } }"),
        ];
    }

    private IEnumerable<(string Kind, string Body)> Envelopes() =>
    [
        ("query is a number", "{\"query\":123}"), ("query is null", "{\"query\":null}"), ("query is an object", "{\"query\":{}}"),
        ("variables is a string", "{\"query\":\"{ __typename }\",\"variables\":\"x\"}"), ("variables is an array", "{\"query\":\"{ __typename }\",\"variables\":[1]}"),
        ("variables nested 1,000 deep", "{\"query\":\"{ __typename }\",\"variables\":" + string.Concat(Enumerable.Repeat("{\"a\":", 1000)) + "1" + new string('}', 1000) + "}"),
        ("operationName names nothing", "{\"query\":\"{ __typename }\",\"operationName\":\"Hz\"}"), ("operationName is a number", "{\"query\":\"{ __typename }\",\"operationName\":1}"),
        ("extensions is a string", "{\"query\":\"{ __typename }\",\"extensions\":\"x\"}"), ("a batch (array)", "[{\"query\":\"{ __typename }\"}]"),
        ("a lone surrogate in the query text", "{\"query\":\"{ cockpit(id: \\\"\\ud800\\\") { id } }\"}"), ("unknown members", "{\"query\":\"{ __typename }\",\"hz\":1}"),
        ("a 300,000-byte variable", "{\"query\":\"{ __typename }\",\"variables\":{\"a\":\"" + new string('x', 300_000) + "\"}}"),
        ("a 17,000-byte query", "{\"query\":\"{ __typename " + string.Concat(Enumerable.Repeat("__typename ", 1600)) + "}\"}"),
        ("duplicate query members", "{\"query\":\"{ __typename }\",\"query\":\"{ me { id } }\"}"),
    ];

    private static string PointJson() => $"{{\"ts\":{Json(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture))},\"value\":1.5}}";

    private static string PointField(string name) => name switch
    {
        "ts" => Json(DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture)),
        "value" => "1.5",
        _ => "null",
    };

    private static string Json(string text) => JsonSerializer.Serialize(text);

    private static string Shorten(string text) => text.Length <= 50 ? text : text[..30] + $"… {text.Length:N0} chars";

    private T[] Sample<T>(T[] items, int count) =>
        items.Length <= count ? items : [.. items.OrderBy(_ => random.Next()).Take(count)];
}
