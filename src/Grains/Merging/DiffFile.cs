namespace DashboardFactory.Merging;

/// <summary>
/// One side of a line diff while it is being computed: every line reduced to an equivalence class, the change marks,
/// and the subset of lines the Myers search actually looks at (lines with no partner on the other side are marked
/// changed up front, which is what keeps xdiff fast and also shapes its output, so we do the same).
/// </summary>
internal sealed class DiffFile
{
    // Marks carry a sentinel slot before the first and after the last line, so scans never need bounds checks.
    private readonly bool[] _changed;

    public DiffFile(int[] classes)
    {
        Classes = classes;
        _changed = new bool[classes.Length + 2];
        Kept = new int[classes.Length];
        KeptClasses = new int[classes.Length];
        Last = classes.Length - 1;
    }

    public int Count => Classes.Length;

    public int[] Classes { get; }

    /// <summary>First line after the common prefix both files share.</summary>
    public int First { get; set; }

    /// <summary>Last line before the common suffix both files share.</summary>
    public int Last { get; set; }

    /// <summary>Indices of the lines handed to the Myers search.</summary>
    public int[] Kept { get; }

    public int[] KeptClasses { get; }

    public int KeptCount { get; set; }

    public bool IsChanged(int line) => _changed[line + 1];

    public void SetChanged(int line, bool changed) => _changed[line + 1] = changed;
}
