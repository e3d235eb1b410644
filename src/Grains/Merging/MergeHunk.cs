namespace DashboardFactory.Merging;

/// <summary>
/// A region of the merge, mutable because hunks are widened, split and joined while conflicts are minimised.
/// Start1/Count1 index ours' lines, Start2/Count2 theirs'. (The base range git also tracks only matters for
/// diff3-style conflict markers, which we never produce.)
/// </summary>
internal sealed class MergeHunk
{
    public MergeHunkMode Mode { get; set; }

    public int Start1 { get; set; }

    public int Count1 { get; set; }

    public int Start2 { get; set; }

    public int Count2 { get; set; }
}
