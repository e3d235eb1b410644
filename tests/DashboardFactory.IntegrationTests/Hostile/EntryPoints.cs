using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// What the suite fuzzes, read from the running app: every operation of <c>/openapi/v1.json</c> (parameters and request
/// body schemas), plus every GET route the document leaves out (its route and query parameters taken from the
/// endpoint's own binding metadata), minus <see cref="Exemptions"/>. Any other route endpoint has no generator and is
/// listed in <see cref="Uncovered"/>, which the suite asserts is empty, so a new endpoint is fuzzed or named.
/// </summary>
public sealed partial class EntryPoints
{
    /// <summary>Route endpoints the HTTP generators leave to another generator or on purpose, each with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Exemptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["* /hubs/cockpit"] = "the SignalR hub: HostileInputTests sends hostile arguments to each of CockpitHub's methods through a real SignalR client",
        ["* /hubs/cockpit/negotiate"] = "SignalR's negotiation, answered by SignalR itself before any hub method runs; the hub's methods are fuzzed",
        ["GET /graphql"] = "the GraphQL WebSocket: HostileInputTests drives graphql-transport-ws with hostile messages and documents",
        ["GET /admin/orleans/*"] = "the Orleans Dashboard package's own endpoints, for admins only (whoever holds the admin token is trusted, README \"Security\"); "
            + "their inputs are the package's to validate, and /admin/orleans/Trace streams without end",
    };

    private EntryPoints(IReadOnlyList<ApiOperation> operations, IReadOnlyList<string> uncovered, IReadOnlyList<string> redundantFallbacks, JsonSchemas schemas)
    {
        Operations = operations;
        Uncovered = uncovered;
        RedundantFallbacks = redundantFallbacks;
        Schemas = schemas;
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    /// <summary>Route endpoints with no generator and no exemption; also operations whose request body no generator can write.</summary>
    public IReadOnlyList<string> Uncovered { get; }

    /// <summary><see cref="UndescribedBodies"/> entries the document now describes itself.</summary>
    public IReadOnlyList<string> RedundantFallbacks { get; }

    public JsonSchemas Schemas { get; }

    public static async Task<EntryPoints> ReadAsync(HostileApp app)
    {
        using var client = app.Plain();
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var schemas = new JsonSchemas(document["components"]?["schemas"] as JsonObject);
        var operations = new List<ApiOperation>();
        var uncovered = new List<string>();
        var redundant = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = Parameters(item!["parameters"], schemas);
            foreach (var (method, node) in item!.AsObject().Where(p => p.Key is not ("parameters" or "summary" or "description" or "servers")))
            {
                var operation = node!.AsObject();
                var key = $"{method.ToUpperInvariant()} {path}";
                var parameters = shared.Concat(Parameters(operation["parameters"], schemas)).ToList();
                string? contentType = null;
                JsonObject? body = null;
                if (operation["requestBody"]?["content"] is JsonObject content)
                {
                    var json = content.Select(c => c.Key).FirstOrDefault(IsJson);
                    if (json is null)
                    {
                        uncovered.Add($"{key}: no generator writes a request body of {string.Join(", ", content.Select(c => c.Key))}");
                        continue;
                    }

                    contentType = json;
                    body = schemas.Resolve(content[json]!["schema"]);
                }

                if (UndescribedBodies.TryGet(key, out var fallbackType, out var fallback))
                {
                    if (body is not null && !schemas.IsFreeForm(body))
                    {
                        redundant.Add(key);
                    }
                    else
                    {
                        contentType = fallbackType;
                        body = fallback;
                    }
                }

                operations.Add(new ApiOperation(method.ToUpperInvariant(), path, parameters, contentType, body, "openapi"));
            }
        }

        var documented = operations.Select(o => Normal(o.Key)).ToHashSet(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods.Where(m => m != "OPTIONS"))
            {
                var key = $"{method} {template}";
                if (documented.Contains(Normal(key)) || Exempt(key))
                {
                    continue;
                }

                if (method is not ("GET" or "*"))
                {
                    uncovered.Add($"{key}: not in /openapi/v1.json and not a GET; describe it in the document or exempt it with a reason in {nameof(EntryPoints)}.{nameof(Exemptions)}");
                    continue;
                }

                operations.Add(new ApiOperation("GET", Template(template), RouteParameters(endpoint), null, null, "route"));
            }
        }

        return new EntryPoints(operations, uncovered, redundant, schemas);
    }

    /// <summary>The key without constraints, catch-all stars or a trailing slash: <c>GET /api/cockpits/{id}</c>.</summary>
    public static string Normal(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? Template(key) : key[..space] + " " + Template(key[(space + 1)..]);
    }

    /// <summary>A route template without constraints, catch-all stars or a trailing slash; the root stays "/".</summary>
    public static string Template(string template)
    {
        var normal = Constraint().Replace(template, "{${name}}").TrimEnd('/');
        return normal.Length == 0 ? "/" : normal;
    }

    /// <summary>On <see cref="Exemptions"/>, exactly or under an entry ending in <c>/*</c>.</summary>
    public static bool Exempt(string key)
    {
        var normal = Normal(key);
        return Exemptions.Keys.Any(e => e.EndsWith("/*", StringComparison.Ordinal)
            ? normal == e[..^2] || normal.StartsWith(e[..^2] + "/", StringComparison.Ordinal)
            : normal == e);
    }

    private static bool IsJson(string contentType) =>
        contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || contentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static List<ApiParameter> Parameters(JsonNode? list, JsonSchemas schemas) =>
        list is JsonArray parameters
            ? [.. parameters.Select(p => schemas.Resolve(p)).Select(p => new ApiParameter(
                p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() ?? false, schemas.Resolve(p["schema"])))]
            : [];

    /// <summary>Route parameters from the pattern, query parameters from the handler's simple-typed parameters.</summary>
    private static List<ApiParameter> RouteParameters(RouteEndpoint endpoint)
    {
        var route = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var parameters = route.Select(name => new ApiParameter(name, "path", true, new JsonObject { ["type"] = "string" })).ToList();
        foreach (var binding in endpoint.Metadata.GetOrderedMetadata<IParameterBindingMetadata>())
        {
            var type = Nullable.GetUnderlyingType(binding.ParameterInfo.ParameterType) ?? binding.ParameterInfo.ParameterType;
            if (route.Contains(binding.Name) || !(type == typeof(string) || type.IsPrimitive))
            {
                continue;
            }

            var kind = type == typeof(string) ? "string" : type == typeof(bool) ? "boolean" : type == typeof(double) || type == typeof(float) ? "number" : "integer";
            parameters.Add(new ApiParameter(binding.Name, "query", !binding.IsOptional, new JsonObject { ["type"] = kind }));
        }

        return parameters;
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)(?:[:=?][^}]*)?\}")]
    private static partial Regex Constraint();
}
