using System.Text.RegularExpressions;

namespace DashboardFactory.UnitTests.Architecture;

/// <summary>
/// Reasons (an update's, a snapshot's, a cockpit change's: anything named "reason" or "...Reason") are sentences for people,
/// free to be reworded; decisions are made on values such as <c>UpdateResult.Code</c>. This scans the product's
/// sources for a reason matched as text: searched (Contains, StartsWith, EndsWith, IndexOf, Regex), compared with or
/// switched over a string literal. A regular-expression check, not a compiler: it sees the forms below, written on
/// one line, which is how such code has been written here.
/// </summary>
public sealed partial class ReasonTextTests
{
    [Fact]
    public void NoProductCodeDecidesAnythingFromTheWordsOfAReason()
    {
        var offences = SourceFiles.Product()
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, number: i + 1, line)))
            .Where(l => MatchesReasonText(l.line))
            .Select(l => $"{SourceFiles.Relative(l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        offences.Should().BeEmpty("a reworded message must not change what the code does; decide on the outcome's value instead");
    }

    [Theory]
    [InlineData("""case UpdateOutcome.Skipped when result.Reason?.Contains("is already installed", StringComparison.Ordinal) == true:""")]
    [InlineData("""var done = result.Outcome == Applied || result.Reason?.EndsWith("is not installed.", StringComparison.Ordinal) == true;""")]
    [InlineData("""(await snapshots.ListAsync(Id)).FirstOrDefault(s => s.Reason.StartsWith($"before installing {featureId} ", StringComparison.Ordinal))""")]
    [InlineData("""if (target.Reason == "timeout")""")]
    [InlineData("""if ("timeout" != view.HaltReason)""")]
    [InlineData("""return skip.Reason is "policy" ? 1 : 0;""")]
    [InlineData("""switch (result.Reason)""")]
    [InlineData("""var kind = result.Reason switch""")]
    [InlineData("""if (Regex.IsMatch(result.Reason ?? "", "installed"))""")]
    [InlineData("""if (string.Equals(result.Reason, "gone", StringComparison.Ordinal))""")]
    [InlineData("""var i = update.Reason.IndexOf("installed", StringComparison.Ordinal);""")]
    [InlineData("""reason.StartsWith("restored", StringComparison.Ordinal) ? "restored" : "other";""")]
    public void TheCheckRecognisesEachFormOfMatchingAReasonAsText(string line) =>
        MatchesReasonText(line).Should().BeTrue();

    [Theory]
    [InlineData("""return new UpdateResult(UpdateCode.NotInstalled, $"{featureId} is not installed.", [], State.Version, null);""")]
    [InlineData("""target.Reason = result.Reason;""")]
    [InlineData(""".Require(!string.IsNullOrWhiteSpace(request.Reason) && request.Reason.Length <= 1000, "reason", "Required.")""")]
    [InlineData("""case { Code: UpdateCode.AlreadyInstalled }:""")]
    [InlineData("""skipped[reason] = skipped.GetValueOrDefault(reason) + 1;""")]
    [InlineData("""Skip(preview.SkipReason ?? SkipReasons.Missing, 1);""")]
    public void TheCheckLetsReasonsBeWrittenPassedOnAndShown(string line) =>
        MatchesReasonText(line).Should().BeFalse();

    private static bool MatchesReasonText(string line) => Forbidden().Any(pattern => pattern.IsMatch(line));

    private static IEnumerable<Regex> Forbidden() =>
    [
        SearchedReason(), ReasonComparedWithLiteral(), LiteralComparedWithReason(), ReasonIsLiteral(), SwitchOverReason(), ReasonSwitch(),
        ReasonInRegex(), ReasonInStringEquals(),
    ];

    [GeneratedRegex(@"\w*[Rr]eason\b\s*[?!]?\s*\.\s*(Contains|StartsWith|EndsWith|IndexOf|LastIndexOf|Equals|CompareTo)\s*\(")]
    private static partial Regex SearchedReason();

    [GeneratedRegex(@"\w*[Rr]eason\b[?!]?\s*(==|!=)\s*[$@]*""")]
    private static partial Regex ReasonComparedWithLiteral();

    [GeneratedRegex(@"""\s*(==|!=)\s*[\w.?!]*[Rr]eason\b")]
    private static partial Regex LiteralComparedWithReason();

    [GeneratedRegex(@"\w*[Rr]eason\b\s+is\s+(not\s+)?[$@]*""")]
    private static partial Regex ReasonIsLiteral();

    [GeneratedRegex(@"\bswitch\s*\(\s*[\w.?!]*[Rr]eason\s*\)")]
    private static partial Regex SwitchOverReason();

    [GeneratedRegex(@"\w*[Rr]eason\b[?!]?\s+switch\b")]
    private static partial Regex ReasonSwitch();

    [GeneratedRegex(@"\bRegex\s*\.\s*\w+\s*\([^;]*\w*[Rr]eason\b")]
    private static partial Regex ReasonInRegex();

    [GeneratedRegex(@"\bstring\s*\.\s*(Equals|Compare)\s*\([^;]*\w*[Rr]eason\b")]
    private static partial Regex ReasonInStringEquals();
}
