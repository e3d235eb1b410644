namespace DashboardFactory.UnitTests.Merging;

/// <summary>
/// A base of distinct lines, ours edited only above one untouched line and theirs only below it. Distinct lines
/// leave the diff a single choice, so the merge result is known in advance: both sets of edits.
/// </summary>
internal sealed class DisjointLineEdits
{
    public DisjointLineEdits(int seed)
    {
        var random = new Random(seed);
        var count = 1 + random.Next(40);
        var untouched = random.Next(count);
        var baseLines = Enumerable.Range(0, count).Select(i => $"line {i}").ToList();

        var ourEdits = EditsFor(random, "ours", baseLines.Count, from: 0, to: untouched);
        var theirEdits = EditsFor(random, "theirs", baseLines.Count, from: untouched + 1, to: count);

        Base = Render(baseLines, [], count);
        Ours = Render(baseLines, ourEdits, count);
        Theirs = Render(baseLines, theirEdits, count);
        Expected = Render(baseLines, ourEdits.Concat(theirEdits).ToDictionary(), count);
    }

    public string Base { get; }

    public string Ours { get; }

    public string Theirs { get; }

    public string Expected { get; }

    // Keyed by base line (count = after the last line): what to insert before it and what it becomes (null: kept).
    private static Dictionary<int, (List<string> Before, List<string>? Becomes)> EditsFor(
        Random random, string side, int count, int from, int to)
    {
        var edits = new Dictionary<int, (List<string>, List<string>?)>();
        var fresh = 0;
        List<string> NewLines() => Enumerable.Range(0, 1 + random.Next(3)).Select(_ => $"{side} {fresh++}").ToList();

        // Only the side below the untouched line may append after the last line.
        var last = to == count ? count : to - 1;
        for (var line = from; line <= last; line++)
        {
            if (random.Next(4) != 0)
            {
                continue;
            }

            var before = line < count && random.Next(3) == 0 ? [] : NewLines();
            List<string>? becomes = line == count ? null : random.Next(3) switch
            {
                0 => null,
                1 => [],
                _ => NewLines(),
            };
            edits[line] = (line == count ? NewLines() : before, becomes);
        }

        return edits;
    }

    private static string Render(List<string> baseLines, Dictionary<int, (List<string> Before, List<string>? Becomes)> edits, int count)
    {
        var lines = new List<string>();
        for (var line = 0; line <= count; line++)
        {
            var edit = edits.TryGetValue(line, out var e) ? e : ([], null);
            lines.AddRange(edit.Before);
            if (line < count)
            {
                lines.AddRange(edit.Becomes ?? [baseLines[line]]);
            }
        }

        return string.Concat(lines.Select(l => l + "\n"));
    }
}
