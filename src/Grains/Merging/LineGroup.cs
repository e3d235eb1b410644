namespace DashboardFactory.Merging;

/// <summary>
/// A run of changed lines in one file, possibly empty (then it sits just above the unchanged line at
/// <see cref="Start"/>). Every unchanged line is followed by exactly one group, which is what lets the two files'
/// groups be walked in lockstep while one of them is slid.
/// </summary>
internal sealed class LineGroup
{
    private LineGroup(int start, int end)
    {
        Start = start;
        End = end;
    }

    public int Start { get; private set; }

    /// <summary>The first unchanged line after the group.</summary>
    public int End { get; private set; }

    public static LineGroup First(DiffFile file)
    {
        var end = 0;
        while (file.IsChanged(end))
        {
            end++;
        }

        return new LineGroup(0, end);
    }

    public bool MoveNext(DiffFile file)
    {
        if (End == file.Count)
        {
            return false;
        }

        Start = End + 1;
        End = Start;
        while (file.IsChanged(End))
        {
            End++;
        }

        return true;
    }

    public bool MovePrevious(DiffFile file)
    {
        if (Start == 0)
        {
            return false;
        }

        End = Start - 1;
        Start = End;
        while (file.IsChanged(Start - 1))
        {
            Start--;
        }

        return true;
    }

    // Possible when the group's first line equals the line after it: the same lines then count as changed one
    // position lower. Absorbs a group it runs into.
    public bool SlideDown(DiffFile file)
    {
        if (End >= file.Count || file.Classes[Start] != file.Classes[End])
        {
            return false;
        }

        file.SetChanged(Start++, false);
        file.SetChanged(End++, true);
        while (file.IsChanged(End))
        {
            End++;
        }

        return true;
    }

    public bool SlideUp(DiffFile file)
    {
        if (Start <= 0 || file.Classes[Start - 1] != file.Classes[End - 1])
        {
            return false;
        }

        file.SetChanged(--Start, true);
        file.SetChanged(--End, false);
        while (file.IsChanged(Start - 1))
        {
            Start--;
        }

        return true;
    }
}
