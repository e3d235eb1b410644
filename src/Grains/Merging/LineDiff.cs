namespace DashboardFactory.Merging;

/// <summary>
/// Line diff that reproduces git's default (Myers) xdiff output hunk for hunk, without the indent heuristic
/// (git merge-file does not enable it). Fidelity matters more than elegance here: a three-way merge only agrees
/// with git when both of its underlying diffs pick exactly the same alignment among equally short ones, so the
/// pre-filtering of unmatched lines, the middle-snake tie-breaking and the hunk sliding all follow xdiff.
/// </summary>
internal static class LineDiff
{
    private const int MaxCostMin = 256;
    private const int MaxEqualityLimit = 1024;
    private const int SimilarScanWindow = 100;
    private const int KeptRunFactor = 4;

    public static IReadOnlyList<LineChange> Diff(IReadOnlyList<string> lines1, IReadOnlyList<string> lines2)
    {
        var classIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var occurrences1 = new List<int>();
        var occurrences2 = new List<int>();
        var file1 = new DiffFile(Classify(lines1, classIds, occurrences1, occurrences2, firstFile: true));
        var file2 = new DiffFile(Classify(lines2, classIds, occurrences1, occurrences2, firstFile: false));

        TrimCommonEnds(file1, file2);
        KeepMatchableLines(file1, occurrences2);
        KeepMatchableLines(file2, occurrences1);

        var diagonals = file1.KeptCount + file2.KeptCount + 3;
        var forward = new int[diagonals];
        var backward = new int[diagonals];
        var maxCost = Math.Max(BogoSqrt(diagonals), MaxCostMin);
        var search = new MyersSearch(file1, file2, forward, backward, file2.KeptCount + 1, maxCost);
        search.Compare(0, file1.KeptCount, 0, file2.KeptCount, needMinimal: false);

        Compact(file1, file2);
        Compact(file2, file1);
        return BuildScript(file1, file2);
    }

    private static int[] Classify(
        IReadOnlyList<string> lines,
        Dictionary<string, int> classIds,
        List<int> occurrences1,
        List<int> occurrences2,
        bool firstFile)
    {
        var classes = new int[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (!classIds.TryGetValue(lines[i], out var id))
            {
                id = classIds.Count;
                classIds.Add(lines[i], id);
                occurrences1.Add(0);
                occurrences2.Add(0);
            }

            if (firstFile)
            {
                occurrences1[id]++;
            }
            else
            {
                occurrences2[id]++;
            }

            classes[i] = id;
        }

        return classes;
    }

    private static void TrimCommonEnds(DiffFile file1, DiffFile file2)
    {
        var limit = Math.Min(file1.Count, file2.Count);
        var head = 0;
        while (head < limit && file1.Classes[head] == file2.Classes[head])
        {
            head++;
        }

        file1.First = file2.First = head;

        limit -= head;
        var tail = 0;
        while (tail < limit && file1.Classes[file1.Count - 1 - tail] == file2.Classes[file2.Count - 1 - tail])
        {
            tail++;
        }

        file1.Last = file1.Count - tail - 1;
        file2.Last = file2.Count - tail - 1;
    }

    // A line that never occurs in the other file cannot be matched, so it is marked changed and hidden from the
    // search; a line that occurs very often is hidden too when it sits in a run of such unmatched lines, because
    // matching it there would only produce a noisy diff.
    private static void KeepMatchableLines(DiffFile file, List<int> otherOccurrences)
    {
        var limit = Math.Min(BogoSqrt(file.Count), MaxEqualityLimit);
        var kind = new byte[file.Count];
        for (var i = file.First; i <= file.Last; i++)
        {
            var matches = otherOccurrences[file.Classes[i]];
            kind[i] = matches == 0 ? (byte)0 : matches >= limit ? (byte)2 : (byte)1;
        }

        var kept = 0;
        for (var i = file.First; i <= file.Last; i++)
        {
            if (kind[i] == 1 || (kind[i] == 2 && !IsInUnmatchedRun(kind, i, file.First, file.Last)))
            {
                file.Kept[kept] = i;
                file.KeptClasses[kept] = file.Classes[i];
                kept++;
            }
            else
            {
                file.SetChanged(i, true);
            }
        }

        file.KeptCount = kept;
    }

    private static bool IsInUnmatchedRun(byte[] kind, int line, int start, int end)
    {
        if (line - start > SimilarScanWindow)
        {
            start = line - SimilarScanWindow;
        }

        if (end - line > SimilarScanWindow)
        {
            end = line + SimilarScanWindow;
        }

        var unmatchedBefore = 0;
        var frequentBefore = 1;
        for (var r = 1; line - r >= start; r++)
        {
            if (kind[line - r] == 0)
            {
                unmatchedBefore++;
            }
            else if (kind[line - r] == 2)
            {
                frequentBefore++;
            }
            else
            {
                break;
            }
        }

        if (unmatchedBefore == 0)
        {
            return false;
        }

        var unmatchedAfter = 0;
        var frequentAfter = 1;
        for (var r = 1; line + r <= end; r++)
        {
            if (kind[line + r] == 0)
            {
                unmatchedAfter++;
            }
            else if (kind[line + r] == 2)
            {
                frequentAfter++;
            }
            else
            {
                break;
            }
        }

        if (unmatchedAfter == 0)
        {
            return false;
        }

        var unmatched = unmatchedBefore + unmatchedAfter;
        var frequent = frequentBefore + frequentAfter;
        return frequent * KeptRunFactor < frequent + unmatched;
    }

    // xdiff's cheap power-of-two stand-in for a square root; its exact values set the cut-offs.
    private static int BogoSqrt(int n)
    {
        var root = 1;
        for (; n > 0; n >>= 2)
        {
            root <<= 1;
        }

        return root;
    }

    // Slides every group of changed lines as far up as it goes and then down again, merging with groups it bumps
    // into, and finally parks it where it lines up with a change on the other side if it can. This is what makes
    // "the same edit" come out as the same hunk in both diffs of a merge.
    private static void Compact(DiffFile file, DiffFile other)
    {
        var group = LineGroup.First(file);
        var otherGroup = LineGroup.First(other);

        while (true)
        {
            if (group.End != group.Start)
            {
                int size;
                int earliestEnd;
                int endMatchingOther;
                do
                {
                    size = group.End - group.Start;
                    endMatchingOther = -1;

                    while (group.SlideUp(file))
                    {
                        Require(otherGroup.MovePrevious(other), "group sync broken sliding up");
                    }

                    earliestEnd = group.End;
                    if (otherGroup.End > otherGroup.Start)
                    {
                        endMatchingOther = group.End;
                    }

                    while (group.SlideDown(file))
                    {
                        Require(otherGroup.MoveNext(other), "group sync broken sliding down");
                        if (otherGroup.End > otherGroup.Start)
                        {
                            endMatchingOther = group.End;
                        }
                    }
                }
                while (size != group.End - group.Start);

                if (group.End != earliestEnd && endMatchingOther != -1)
                {
                    while (otherGroup.End == otherGroup.Start)
                    {
                        Require(group.SlideUp(file), "match disappeared");
                        Require(otherGroup.MovePrevious(other), "group sync broken sliding to match");
                    }
                }
            }

            if (!group.MoveNext(file))
            {
                break;
            }

            Require(otherGroup.MoveNext(other), "group sync broken moving to next group");
        }
    }

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Line diff invariant violated: " + what);
        }
    }

    private static List<LineChange> BuildScript(DiffFile file1, DiffFile file2)
    {
        var changes = new List<LineChange>();
        for (int i1 = file1.Count, i2 = file2.Count; i1 >= 0 || i2 >= 0; i1--, i2--)
        {
            if (IsChanged(file1, i1 - 1) || IsChanged(file2, i2 - 1))
            {
                var end1 = i1;
                while (IsChanged(file1, i1 - 1))
                {
                    i1--;
                }

                var end2 = i2;
                while (IsChanged(file2, i2 - 1))
                {
                    i2--;
                }

                changes.Add(new LineChange(i1, i2, end1 - i1, end2 - i2));
            }
        }

        changes.Reverse();
        return changes;
    }

    private static bool IsChanged(DiffFile file, int line) => line >= 0 && line < file.Count && file.IsChanged(line);
}
