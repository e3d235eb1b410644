using System.Text;

namespace DashboardFactory.Merging;

/// <summary>
/// Line-based three-way merge that behaves like <c>git merge-file</c> with its defaults (Myers diff, "zealous
/// alnum" conflict minimisation). Matching git exactly is the point: operators know git's merge behaviour, and the
/// test suite checks this against the real binary, so any deviation is a bug rather than a style choice.
/// </summary>
/// <remarks>
/// Lines keep their terminators ("\n", and a "\r" before it is just content), so a missing final newline or CRLF
/// endings survive the merge untouched. Conflicting hunks resolve to ours, like <c>git merge-file --ours</c>.
/// </remarks>
public static class Diff3
{
    // Conflicts separated by at most this many untouched lines are reported as one, as git does.
    private const int MaxLinesBetweenJoinedConflicts = 3;

    public static TextMerge Merge(string @base, string ours, string theirs)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);

        var baseLines = SplitLines(@base);
        var ourLines = SplitLines(ours);
        var theirLines = SplitLines(theirs);

        var ourChanges = LineDiff.Diff(baseLines, ourLines);
        var theirChanges = LineDiff.Diff(baseLines, theirLines);

        // Returning the other side verbatim (not re-assembled lines) is also what keeps it byte-identical to git.
        if (ourChanges.Count == 0)
        {
            return new TextMerge(theirs, 0);
        }

        if (theirChanges.Count == 0)
        {
            return new TextMerge(ours, 0);
        }

        var hunks = Interleave(ourChanges, theirChanges, ourLines, theirLines, baseLines.Count);
        hunks = RefineConflicts(hunks, ourLines, theirLines);
        JoinNearbyConflicts(hunks, ourLines);

        var conflicts = hunks.Count(h => h.Mode == MergeHunkMode.Conflict);
        return new TextMerge(Render(hunks, ourLines, theirLines), conflicts);
    }

    internal static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            lines.Add(text[start..end]);
            start = end;
        }

        return lines;
    }

    // Walks both edit scripts in base order. Hunks that touch or overlap in the base (even just adjacent) are
    // one region; such a region is a conflict unless both sides made the very same change there.
    private static List<MergeHunk> Interleave(
        IReadOnlyList<LineChange> ourChanges,
        IReadOnlyList<LineChange> theirChanges,
        List<string> ourLines,
        List<string> theirLines,
        int baseCount)
    {
        var hunks = new List<MergeHunk>();
        int p1 = 0, p2 = 0;
        while (p1 < ourChanges.Count && p2 < theirChanges.Count)
        {
            var ourChange = ourChanges[p1];
            var theirChange = theirChanges[p2];

            if (ourChange.Start1 + ourChange.Count1 < theirChange.Start1)
            {
                Append(
                    hunks,
                    MergeHunkMode.Ours,
                    ourChange.Start2,
                    ourChange.Count2,
                    theirChange.Start2 - theirChange.Start1 + ourChange.Start1,
                    ourChange.Count1);
                p1++;
                continue;
            }

            if (theirChange.Start1 + theirChange.Count1 < ourChange.Start1)
            {
                Append(
                    hunks,
                    MergeHunkMode.Theirs,
                    ourChange.Start2 - ourChange.Start1 + theirChange.Start1,
                    theirChange.Count1,
                    theirChange.Start2,
                    theirChange.Count2);
                p2++;
                continue;
            }

            if (ourChange.Start1 != theirChange.Start1 ||
                ourChange.Count1 != theirChange.Count1 ||
                ourChange.Count2 != theirChange.Count2 ||
                !SameLines(ourLines, ourChange.Start2, theirLines, theirChange.Start2, ourChange.Count2))
            {
                // Stretch both sides so the region covers the union of the two changes in the base.
                var startShift = ourChange.Start1 - theirChange.Start1;
                var endShift = startShift + ourChange.Count1 - theirChange.Count1;
                int start1 = ourChange.Start2, start2 = theirChange.Start2;
                if (startShift > 0)
                {
                    start1 -= startShift;
                }
                else
                {
                    start2 += startShift;
                }

                var count1 = ourChange.Start2 + ourChange.Count2 - start1;
                var count2 = theirChange.Start2 + theirChange.Count2 - start2;
                if (endShift < 0)
                {
                    count1 -= endShift;
                }
                else
                {
                    count2 += endShift;
                }

                Append(hunks, MergeHunkMode.Conflict, start1, count1, start2, count2);
            }

            var ourEnd = ourChange.Start1 + ourChange.Count1;
            var theirEnd = theirChange.Start1 + theirChange.Count1;
            if (ourEnd >= theirEnd)
            {
                p2++;
            }

            if (theirEnd >= ourEnd)
            {
                p1++;
            }
        }

        for (; p1 < ourChanges.Count; p1++)
        {
            var change = ourChanges[p1];
            Append(
                hunks,
                MergeHunkMode.Ours,
                change.Start2,
                change.Count2,
                change.Start1 + theirLines.Count - baseCount,
                change.Count1);
        }

        for (; p2 < theirChanges.Count; p2++)
        {
            var change = theirChanges[p2];
            Append(
                hunks,
                MergeHunkMode.Theirs,
                change.Start1 + ourLines.Count - baseCount,
                change.Count1,
                change.Start2,
                change.Count2);
        }

        return hunks;
    }

    // A hunk that reaches back into the previous one (on either side) grows that one instead; if they came from
    // different sides the grown region is a conflict.
    private static void Append(List<MergeHunk> hunks, MergeHunkMode mode, int start1, int count1, int start2, int count2)
    {
        if (hunks.Count > 0)
        {
            var last = hunks[^1];
            if (start1 <= last.Start1 + last.Count1 || start2 <= last.Start2 + last.Count2)
            {
                if (mode != last.Mode)
                {
                    last.Mode = MergeHunkMode.Conflict;
                }

                last.Count1 = start1 + count1 - last.Start1;
                last.Count2 = start2 + count2 - last.Start2;
                return;
            }
        }

        hunks.Add(new MergeHunk
        {
            Mode = mode,
            Start1 = start1,
            Count1 = count1,
            Start2 = start2,
            Count2 = count2,
        });
    }

    private static bool SameLines(List<string> lines1, int start1, List<string> lines2, int start2, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!string.Equals(lines1[start1 + i], lines2[start2 + i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // Both sides often changed a region in mostly the same way; diffing ours against theirs inside the conflict
    // leaves only the lines that really differ as conflicts.
    private static List<MergeHunk> RefineConflicts(List<MergeHunk> hunks, List<string> ourLines, List<string> theirLines)
    {
        var refined = new List<MergeHunk>(hunks.Count);
        foreach (var hunk in hunks)
        {
            if (hunk.Mode != MergeHunkMode.Conflict || hunk.Count1 == 0 || hunk.Count2 == 0)
            {
                refined.Add(hunk);
                continue;
            }

            var differences = LineDiff.Diff(
                ourLines.GetRange(hunk.Start1, hunk.Count1),
                theirLines.GetRange(hunk.Start2, hunk.Count2));
            if (differences.Count == 0)
            {
                hunk.Mode = MergeHunkMode.Identical;
                refined.Add(hunk);
                continue;
            }

            int offset1 = hunk.Start1, offset2 = hunk.Start2;
            for (var i = 0; i < differences.Count; i++)
            {
                var part = i == 0 ? hunk : new MergeHunk { Mode = MergeHunkMode.Conflict };
                part.Start1 = differences[i].Start1 + offset1;
                part.Count1 = differences[i].Count1;
                part.Start2 = differences[i].Start2 + offset2;
                part.Count2 = differences[i].Count2;
                refined.Add(part);
            }
        }

        return refined;
    }

    // Conflicts separated only by a few lines, or only by lines without any letter or digit (braces, blank
    // lines), read better as a single conflict; git counts them as one, so we do too.
    private static void JoinNearbyConflicts(List<MergeHunk> hunks, List<string> ourLines)
    {
        var k = 0;
        while (k + 1 < hunks.Count)
        {
            var hunk = hunks[k];
            var next = hunks[k + 1];
            var begin = hunk.Start1 + hunk.Count1;
            var end = next.Start1;

            if (hunk.Mode != MergeHunkMode.Conflict ||
                next.Mode != MergeHunkMode.Conflict ||
                (end - begin > MaxLinesBetweenJoinedConflicts && ContainAlphanumeric(ourLines, begin, end - begin)))
            {
                k++;
                continue;
            }

            hunk.Count1 = next.Start1 + next.Count1 - hunk.Start1;
            hunk.Count2 = next.Start2 + next.Count2 - hunk.Start2;
            hunks.RemoveAt(k + 1);
        }
    }

    // git tests bytes with an ASCII-only isalnum, so non-ASCII letters deliberately do not count.
    private static bool ContainAlphanumeric(List<string> lines, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            foreach (var c in lines[i])
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Everything outside the hunks is copied from ours (which equals the base there or carries ours' own change);
    // a theirs hunk substitutes theirs' lines; a conflict keeps ours' lines.
    private static string Render(List<MergeHunk> hunks, List<string> ourLines, List<string> theirLines)
    {
        var text = new StringBuilder();
        var next = 0;
        foreach (var hunk in hunks)
        {
            switch (hunk.Mode)
            {
                case MergeHunkMode.Conflict:
                case MergeHunkMode.Ours:
                    Copy(text, ourLines, next, hunk.Start1 - next);
                    Copy(text, ourLines, hunk.Start1, hunk.Count1);
                    break;
                case MergeHunkMode.Theirs:
                    Copy(text, ourLines, next, hunk.Start1 - next);
                    Copy(text, theirLines, hunk.Start2, hunk.Count2);
                    break;
                default:
                    continue;
            }

            next = hunk.Start1 + hunk.Count1;
        }

        Copy(text, ourLines, next, ourLines.Count - next);
        return text.ToString();
    }

    private static void Copy(StringBuilder text, List<string> lines, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            text.Append(lines[i]);
        }
    }
}
