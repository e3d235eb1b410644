namespace DashboardFactory.Features;

/// <summary>
/// Feature dependencies as a graph: each feature maps to the dependencies of its latest release. Features missing
/// from the map have no dependencies. Neighbours are visited in ordinal order so every answer is deterministic.
/// </summary>
public static class DependencyGraph
{
    /// <summary>
    /// The shortest cycle through <paramref name="featureId"/> once its dependencies become
    /// <paramref name="newDependencies"/>, as ids from <paramref name="featureId"/> back to it
    /// (e.g. <c>["a", "b", "c", "a"]</c>), or null when the new dependencies close no cycle.
    /// </summary>
    public static IReadOnlyList<string>? FindCycle(
        IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn, string featureId, IReadOnlyList<string> newDependencies)
    {
        ArgumentNullException.ThrowIfNull(dependsOn);
        ArgumentNullException.ThrowIfNull(featureId);
        ArgumentNullException.ThrowIfNull(newDependencies);

        IEnumerable<string> Next(string id) =>
            Sorted(string.Equals(id, featureId, StringComparison.Ordinal) ? newDependencies : DependenciesOf(dependsOn, id));

        // Breadth-first, so the cycle reported is the shortest one and reads well in an error message.
        var cameFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(featureId);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in Next(current))
            {
                if (string.Equals(next, featureId, StringComparison.Ordinal))
                {
                    return PathBack(cameFrom, featureId, current);
                }

                if (cameFrom.TryAdd(next, current))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// <paramref name="features"/> with every dependency before its dependents, ties broken by ordinal id; edges to
    /// features outside the set are ignored.
    /// </summary>
    /// <exception cref="InvalidOperationException">The features depend on each other in a cycle; the message names it.</exception>
    public static IReadOnlyList<string> InstallOrder(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn, IEnumerable<string> features)
    {
        ArgumentNullException.ThrowIfNull(dependsOn);
        ArgumentNullException.ThrowIfNull(features);

        var set = new HashSet<string>(features, StringComparer.Ordinal);
        var waitingOn = set.ToDictionary(
            id => id,
            id => DependenciesOf(dependsOn, id).Where(set.Contains).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var dependents = set.ToDictionary(id => id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (id, dependencies) in waitingOn)
        {
            foreach (var dependency in dependencies)
            {
                dependents[dependency].Add(id);
            }
        }

        var ready = new SortedSet<string>(waitingOn.Where(p => p.Value.Count == 0).Select(p => p.Key), StringComparer.Ordinal);
        var order = new List<string>(set.Count);
        while (ready.Count > 0)
        {
            var next = ready.Min!;
            ready.Remove(next);
            order.Add(next);
            foreach (var dependent in dependents[next])
            {
                var remaining = waitingOn[dependent];
                if (remaining.Remove(next) && remaining.Count == 0)
                {
                    ready.Add(dependent);
                }
            }
        }

        if (order.Count < set.Count)
        {
            var cycle = CycleAmong(waitingOn);
            throw new InvalidOperationException($"Features depend on each other in a cycle: {string.Join(" → ", cycle)}.");
        }

        return order;
    }

    // Every feature still waiting waits on another one still waiting, so following the smallest such dependency
    // from the smallest waiting feature must revisit a feature; the loop from there is a cycle.
    private static List<string> CycleAmong(Dictionary<string, HashSet<string>> waitingOn)
    {
        var stuck = waitingOn.Where(p => p.Value.Count > 0).Select(p => p.Key).Order(StringComparer.Ordinal).First();
        var path = new List<string>();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        while (!position.ContainsKey(stuck))
        {
            position[stuck] = path.Count;
            path.Add(stuck);
            stuck = waitingOn[stuck].Order(StringComparer.Ordinal).First();
        }

        var cycle = path.GetRange(position[stuck], path.Count - position[stuck]);
        cycle.Add(stuck);
        return cycle;
    }

    private static List<string> PathBack(Dictionary<string, string> cameFrom, string featureId, string last)
    {
        var path = new List<string> { featureId };
        for (var id = last; !string.Equals(id, featureId, StringComparison.Ordinal); id = cameFrom[id])
        {
            path.Add(id);
        }

        path.Add(featureId);
        path.Reverse();
        return path;
    }

    private static IReadOnlyList<string> DependenciesOf(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn, string id) =>
        dependsOn.TryGetValue(id, out var dependencies) && dependencies is not null ? dependencies : [];

    private static IEnumerable<string> Sorted(IEnumerable<string> ids) => ids.Where(id => id is not null).Order(StringComparer.Ordinal);
}
