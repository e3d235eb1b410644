namespace DashboardFactory.Api.Errors;

/// <summary>Collects field errors into the `errors` map of a validation ProblemDetails.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Id(string field, string? value)
    {
        if (!DashboardFactory.Ids.IsValid(value))
        {
            Add(field, $"Must match {DashboardFactory.Ids.Pattern}.");
        }

        return this;
    }

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return this;
    }

    public Dictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    private void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }
}
