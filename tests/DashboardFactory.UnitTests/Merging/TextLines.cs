namespace DashboardFactory.UnitTests.Merging;

/// <summary>A text as lines plus whether the last one ends in a newline, so edits cannot break line boundaries.</summary>
internal sealed record TextLines(IReadOnlyList<string> Lines, bool TrailingNewline)
{
    public override string ToString() =>
        Lines.Count == 0 ? string.Empty : string.Join("\n", Lines) + (TrailingNewline ? "\n" : string.Empty);
}
