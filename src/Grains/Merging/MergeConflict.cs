namespace DashboardFactory.Merging;

/// <summary>A place where both sides changed the document incompatibly; <see cref="Kind"/> is one of <see cref="MergeConflictKind"/>.</summary>
public sealed record MergeConflict(string Path, string Kind);
