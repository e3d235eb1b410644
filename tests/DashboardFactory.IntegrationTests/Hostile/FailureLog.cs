using System.Text;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>What went wrong, case by case, printed so each can be sent again by hand.</summary>
public sealed class FailureLog
{
    private readonly List<string> _lines = [];

    public int Count => _lines.Count;

    public void Add(HostileCase c, string what) =>
        _lines.Add($"{c}\n      {what}\n      {c.ToCurl()}");

    public void Add(string what) => _lines.Add(what);

    /// <summary>The first <paramref name="shown"/> failures in full and how many more there are.</summary>
    public string Report(int seed, int shown = 40)
    {
        var text = new StringBuilder($"{_lines.Count} failure(s) with seed {seed} (DF_HOSTILE_SEED={seed}; DF_HOSTILE_CASE=<n> runs case n alone):\n");
        foreach (var line in _lines.Take(shown))
        {
            text.Append("  ").AppendLine(line);
        }

        if (_lines.Count > shown)
        {
            text.Append($"  ... and {_lines.Count - shown} more");
        }

        return text.ToString();
    }
}
