using DashboardFactory.Merging;

namespace DashboardFactory.UnitTests.Merging;

public sealed class Diff3LawTests
{
    private const int Cases = 300;
    private const int FirstSeed = 50_000;

    [Fact]
    public void WhenOursIsTheBaseTheResultIsTheirs() =>
        ForEachSeed((generator, seed) =>
        {
            var @base = generator.Base();
            var theirs = generator.Edit(@base).ToString();

            Diff3.Merge(@base.ToString(), @base.ToString(), theirs).Should().Be(new TextMerge(theirs, 0), "seed {0}", seed);
        });

    [Fact]
    public void WhenTheirsIsTheBaseTheResultIsOurs() =>
        ForEachSeed((generator, seed) =>
        {
            var @base = generator.Base();
            var ours = generator.Edit(@base).ToString();

            Diff3.Merge(@base.ToString(), ours, @base.ToString()).Should().Be(new TextMerge(ours, 0), "seed {0}", seed);
        });

    [Fact]
    public void WhenBothSidesAreEqualTheResultIsThatText() =>
        ForEachSeed((generator, seed) =>
        {
            var @base = generator.Base();
            var both = generator.Edit(@base).ToString();

            Diff3.Merge(@base.ToString(), both, both).Should().Be(new TextMerge(both, 0), "seed {0}", seed);
        });

    [Fact]
    public void EditsOnEitherSideOfAnUntouchedLineBothLand() =>
        ForEachSeed((_, seed) =>
        {
            var edits = new DisjointLineEdits(seed);

            Diff3.Merge(edits.Base, edits.Ours, edits.Theirs).Should().Be(new TextMerge(edits.Expected, 0), "seed {0}", seed);
        });

    private static void ForEachSeed(Action<GeneratedText, int> check)
    {
        for (var seed = FirstSeed; seed < FirstSeed + Cases; seed++)
        {
            check(new GeneratedText(seed), seed);
        }
    }
}
