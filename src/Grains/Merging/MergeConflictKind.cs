namespace DashboardFactory.Merging;

/// <summary>The kinds of <see cref="MergeConflict"/>; strings rather than an enum because they travel to the UI and API as-is.</summary>
public static class MergeConflictKind
{
    /// <summary>Both sides set a value (scalar, array, or mismatched types) differently.</summary>
    public const string Value = "value";

    /// <summary>Both sides edited the same lines of a text field.</summary>
    public const string Text = "text";

    /// <summary>One side removed a key the other side changed.</summary>
    public const string DeleteModify = "deleteModify";
}
