using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Contract;

/// <summary>One operation of the OpenAPI document: an HTTP method on a path template such as <c>/api/cockpits/{id}</c>.</summary>
public sealed record ContractOperation(string Method, string Template, JsonElement Element)
{
    public string Key => $"{Method} {Template}";

    private string[] Segments => Template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Literal segments: where two templates match a path, the one with more literals is the operation.</summary>
    public int Literals => Segments.Count(s => !s.StartsWith('{'));

    public bool Matches(string method, string path)
    {
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var actual = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var template = Segments;
        return actual.Length == template.Length && template.Zip(actual).All(p =>
            p.First.StartsWith('{') ? p.Second.Length > 0 : string.Equals(p.First, Uri.UnescapeDataString(p.Second), StringComparison.Ordinal));
    }

    /// <summary>The statuses the operation declares, e.g. "200", "404".</summary>
    public IEnumerable<string> Statuses =>
        Element.TryGetProperty("responses", out var responses) ? responses.EnumerateObject().Select(r => r.Name) : [];

    public bool TryGetResponse(int status, out JsonElement response)
    {
        response = default;
        if (!Element.TryGetProperty("responses", out var responses))
        {
            return false;
        }

        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return responses.TryGetProperty(code, out response)
            || responses.TryGetProperty($"{code[0]}XX", out response)
            || responses.TryGetProperty("default", out response);
    }
}
