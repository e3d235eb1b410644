using System.Globalization;
using System.Text.RegularExpressions;
using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Features;

/// <summary>
/// Votes written compactly for table-driven tests: "alice+100@1 bob-40@2" is alice approving with 100 XP at second 1
/// and bob rejecting with 40 XP at second 2; "carol+-5@3" approves with a negative XP.
/// </summary>
internal static partial class Votes
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Vote> Parse(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ParseOne).ToList();

    public static Vote At(string voter, bool approve, int xp, int second) => new(voter, approve, xp, Epoch.AddSeconds(second));

    private static Vote ParseOne(string token)
    {
        var match = VoteRegex().Match(token);
        if (!match.Success)
        {
            throw new FormatException($"'{token}' is not voter{{+|-}}xp@second.");
        }

        return At(
            match.Groups["voter"].Value,
            match.Groups["sign"].Value == "+",
            int.Parse(match.Groups["xp"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["second"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"\A(?<voter>[A-Za-z0-9_]+)(?<sign>[+-])(?<xp>-?\d+)@(?<second>\d+)\z")]
    private static partial Regex VoteRegex();
}
