using System.Text.Json.Nodes;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>A parameter of an operation: where it goes (path, query, header) and its schema, if the document gives one.</summary>
public sealed record ApiParameter(string Name, string In, bool Required, JsonObject? Schema);

/// <summary>
/// One operation the suite fuzzes: a method and route template with its parameters and, when it takes one, its request
/// body (the first content type the document lists and its schema). <see cref="Source"/> says where it came from: the
/// OpenAPI document, or the app's endpoint list for a GET the document leaves out.
/// </summary>
public sealed record ApiOperation(string Method, string Template, IReadOnlyList<ApiParameter> Parameters, string? BodyContentType, JsonObject? BodySchema, string Source)
{
    public string Key => $"{Method} {Template}";

    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    public IEnumerable<ApiParameter> In(string location) => Parameters.Where(p => p.In == location);
}
