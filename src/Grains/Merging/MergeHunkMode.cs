namespace DashboardFactory.Merging;

// The numeric values mirror xdiff's merge modes so the hunk-joining rules read the same as git's.
internal enum MergeHunkMode
{
    Conflict = 0,
    Ours = 1,
    Theirs = 2,

    /// <summary>Both sides made the same change, found only when a conflict is refined; ours' lines already hold it.</summary>
    Identical = 4,
}
