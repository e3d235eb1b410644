using DashboardFactory.Errors;

namespace DashboardFactory.Features;

/// <summary>A proposed release's dependencies against the registry's graph: each must exist, and none may close a cycle.</summary>
public static class ReleaseDependencies
{
    /// <summary>Throws a <see cref="DomainException"/> (422) naming the unknown dependencies or the cycle.</summary>
    public static void Check(IReadOnlyDictionary<string, IReadOnlyList<string>> graph, string featureId, IReadOnlyList<string> dependencies)
    {
        var unknown = dependencies.Where(d => !graph.ContainsKey(d)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException(DomainErrorKind.Unprocessable, $"Unknown dependencies: {string.Join(", ", unknown)}.",
                new Dictionary<string, string[]> { ["dependencies"] = [.. unknown.Select(u => $"No feature '{u}'.")] });
        }

        var cycle = DependencyGraph.FindCycle(graph, featureId, dependencies);
        if (cycle is not null)
        {
            var path = string.Join(" → ", cycle);
            throw new DomainException(DomainErrorKind.Unprocessable, $"These dependencies make a cycle: {path}.",
                new Dictionary<string, string[]> { ["dependencies"] = [$"Cycle: {path}"] });
        }
    }
}
