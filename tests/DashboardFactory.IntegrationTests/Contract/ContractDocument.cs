using System.Net.Http.Headers;
using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>
/// The API's OpenAPI document as a contract to check live answers against: which operation a request was, whether the
/// answer's status and media type are declared for it, and whether its JSON body matches the declared schema. Every
/// mismatch names the operation, the status and the JSON path.
/// </summary>
public sealed class ContractDocument
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonSchemaSubset _schemas;

    public ContractDocument(JsonElement root)
    {
        Root = root;
        _schemas = new JsonSchemaSubset(root);
        Operations = [.. root.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => Methods.Contains(o.Name, StringComparer.Ordinal))
            .Select(o => new ContractOperation(o.Name.ToUpperInvariant(), path.Name, o.Value)))];
    }

    public JsonElement Root { get; }

    public IReadOnlyList<ContractOperation> Operations { get; }

    public JsonSchemaSubset Schemas => _schemas;

    public static async Task<ContractDocument> LoadAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return new ContractDocument(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>The operation a request went to, or null when the document does not describe that path.</summary>
    public ContractOperation? Find(string method, string path) => Operations
        .Where(o => o.Matches(method, path))
        .OrderByDescending(o => o.Literals)
        .FirstOrDefault();

    /// <summary>
    /// What is wrong with an answer: a status the operation does not declare, a media type not declared for that
    /// status, or a JSON body that breaks the declared schema. Empty when it conforms.
    /// </summary>
    public IReadOnlyList<string> Check(ContractOperation operation, int status, string? contentType, string body)
    {
        var where = $"{operation.Key} {status}";
        if (!operation.TryGetResponse(status, out var response))
        {
            return [$"{where}: status not declared (declared: {string.Join(", ", operation.Statuses)})"];
        }

        var mediaType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType).MediaType;
        var declared = response.TryGetProperty("content", out var content)
            ? content.EnumerateObject().ToDictionary(c => c.Name, c => c.Value, StringComparer.OrdinalIgnoreCase)
            : [];
        if (body.Length == 0 && mediaType is null)
        {
            return declared.Count == 0 || status is 304 ? [] : [$"{where}: empty answer, but the document declares {string.Join(", ", declared.Keys)}"];
        }

        if (declared.Count == 0)
        {
            return [$"{where}: answered {mediaType} ({body.Length} characters), but the document declares no content"];
        }

        if (mediaType is null || !declared.TryGetValue(mediaType, out var media))
        {
            return [$"{where}: answered {mediaType ?? "no media type"}, but the document declares {string.Join(", ", declared.Keys)}"];
        }

        if (!IsJson(mediaType) || !media.TryGetProperty("schema", out var schema))
        {
            return [];
        }

        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException error)
        {
            return [$"{where}: the {mediaType} body is not JSON: {error.Message}"];
        }

        return [.. _schemas.Validate(schema, json).Select(problem => $"{where} {problem}")];
    }

    public static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
