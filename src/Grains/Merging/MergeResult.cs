using System.Text.Json.Nodes;

namespace DashboardFactory.Merging;

/// <summary>
/// The merged document (fresh nodes, never shared with the inputs) and every conflict met on the way. Conflicts
/// are already resolved in favour of ours in <see cref="Merged"/>; the list is there so none goes unnoticed.
/// </summary>
public sealed record MergeResult(JsonNode? Merged, IReadOnlyList<MergeConflict> Conflicts)
{
    public bool Clean => Conflicts.Count == 0;
}
