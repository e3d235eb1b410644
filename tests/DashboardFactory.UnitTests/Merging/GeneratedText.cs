namespace DashboardFactory.UnitTests.Merging;

/// <summary>
/// Random texts for the merge tests. The vocabulary is tiny on purpose: repeated lines make the diff choose among
/// many equally short alignments and make the two sides' hunks collide, which is where a merge goes wrong.
/// </summary>
internal sealed class GeneratedText
{
    // "\r" endings give CRLF lines; lines without letters or digits exercise git's joining of nearby conflicts.
    private static readonly string[] Vocabulary =
        ["a", "b", "c", "d", "{", "}", "", "--", "x = 1;", "return x;", "a\r", "}\r"];

    // Few very common lines amid lines that rarely repeat: that is when xdiff hides frequent lines standing in a
    // run of unmatched ones from its search, a rule the uniform vocabulary never triggers.
    private static readonly string[] CommonLines = ["", "}"];

    private readonly Random _random;
    private readonly bool _skewed;
    private readonly int _maxEditLength;

    public GeneratedText(int seed)
    {
        _random = new Random(seed);
        _skewed = _random.Next(3) == 0;

        // Long rewrites in the skewed texts create the long runs of unmatched lines that rule looks at.
        _maxEditLength = _skewed ? 10 : 3;
    }

    public TextLines Base()
    {
        var count = _random.Next(20) == 0 ? 0 : _random.Next(41);
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            lines.Add(Word(commonPercent: 50));
        }

        return new TextLines(lines, _random.Next(100) < 85);
    }

    /// <summary>A few random inserts, deletes and replacements, sometimes flipping the final newline.</summary>
    public TextLines Edit(TextLines text)
    {
        if (_random.Next(40) == 0)
        {
            return new TextLines([], false);
        }

        var lines = new List<string>(text.Lines);
        var edits = _random.Next(5);
        for (var e = 0; e < edits; e++)
        {
            var at = _random.Next(lines.Count + 1);
            var length = Math.Min(1 + _random.Next(_maxEditLength), lines.Count - at);
            switch (_random.Next(3))
            {
                case 0:
                    lines.InsertRange(at, Words(1 + _random.Next(_maxEditLength)));
                    break;
                case 1:
                    lines.RemoveRange(at, length);
                    break;
                default:
                    lines.RemoveRange(at, length);
                    lines.InsertRange(at, Words(1 + _random.Next(_maxEditLength)));
                    break;
            }
        }

        var trailingNewline = _random.Next(10) == 0 ? !text.TrailingNewline : text.TrailingNewline;
        return new TextLines(lines, trailingNewline);
    }

    private string Word(int commonPercent)
    {
        if (!_skewed)
        {
            return Vocabulary[_random.Next(Vocabulary.Length)];
        }

        return _random.Next(100) < commonPercent
            ? CommonLines[_random.Next(CommonLines.Length)]
            : "item " + _random.Next(1000);
    }

    // Inserted blocks are mostly new lines with the odd common one inside, the shape that rule discards.
    private List<string> Words(int count) => Enumerable.Range(0, count).Select(_ => Word(commonPercent: 15)).ToList();
}
