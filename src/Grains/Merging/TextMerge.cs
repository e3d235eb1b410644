namespace DashboardFactory.Merging;

/// <summary>
/// Outcome of a line-based three-way merge. <see cref="Text"/> always holds a usable document: where the sides
/// conflicted it carries ours' lines (like <c>git merge-file --ours</c>), and <see cref="Conflicts"/> says how many
/// hunks that happened to, so callers can surface them instead of trusting the text blindly.
/// </summary>
public sealed record TextMerge(string Text, int Conflicts)
{
    public bool Clean => Conflicts == 0;
}
