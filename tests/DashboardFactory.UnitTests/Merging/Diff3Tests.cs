using DashboardFactory.Merging;

namespace DashboardFactory.UnitTests.Merging;

// Expected values are what git merge-file 2.39 gives for the same inputs.
public sealed class Diff3Tests
{
    [Fact]
    public void ThreeEmptyTextsMergeToAnEmptyText() =>
        Diff3.Merge("", "", "").Should().Be(new TextMerge("", 0));

    [Fact]
    public void ChangesOnDifferentLinesSeparatedByAnUntouchedLineBothApply() =>
        Diff3.Merge("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n").Should().Be(new TextMerge("A\nb\nC\n", 0));

    [Fact]
    public void ChangesOnAdjacentLinesConflictAndOursWins() =>
        Diff3.Merge("a\nb\nc\n", "A\nb\nc\n", "a\nB\nc\n").Should().Be(new TextMerge("A\nb\nc\n", 1));

    [Fact]
    public void TheSameChangeOnBothSidesIsClean() =>
        Diff3.Merge("a\nb\nc\n", "a\nX\nc\n", "a\nX\nc\n").Should().Be(new TextMerge("a\nX\nc\n", 0));

    [Fact]
    public void AMissingFinalNewlineIsKeptWhenTheOtherSideEditsElsewhere() =>
        Diff3.Merge("a\nb\nc\nd", "A\nb\nc\nd", "a\nb\nc\nD").Should().Be(new TextMerge("A\nb\nc\nD", 0));

    [Fact]
    public void AddingTheFinalNewlineIsAChangeToTheLastLine() =>
        Diff3.Merge("a\nb", "a\nb\n", "x\nb").Should().Be(new TextMerge("a\nb\n", 1));

    [Fact]
    public void CarriageReturnsAreKeptAsContent() =>
        Diff3.Merge("a\r\nb\r\nc\r\n", "A\r\nb\r\nc\r\n", "a\r\nb\r\nC\r\n").Should().Be(new TextMerge("A\r\nb\r\nC\r\n", 0));

    [Fact]
    public void TextAddedToAnEmptyBaseByBothSidesConflictsUnlessIdentical()
    {
        Diff3.Merge("", "x\n", "y\n").Should().Be(new TextMerge("x\n", 1));
        Diff3.Merge("", "x\n", "x\n").Should().Be(new TextMerge("x\n", 0));
    }

    [Fact]
    public void ConflictsSeparatedOnlyByLinesWithoutLettersOrDigitsCountAsOne() =>
        Diff3.Merge("a\n}\n}\n}\n}\nb\n", "A\n}\n}\n}\n}\nB\n", "X\n}\n}\n}\n}\nY\n").Conflicts.Should().Be(1);

    [Fact]
    public void ConflictsSeparatedByMoreThanThreeLinesWithLettersCountSeparately() =>
        Diff3.Merge("a\n1\n2\n3\n4\nb\n", "A\n1\n2\n3\n4\nB\n", "X\n1\n2\n3\n4\nY\n")
            .Should().Be(new TextMerge("A\n1\n2\n3\n4\nB\n", 2));

    [Fact]
    public void WithinAConflictLinesBothSidesAgreeOnAreNotConflicts()
    {
        // Both rewrote the block, but only its first line differs between them.
        var merge = Diff3.Merge("a\nb\nc\n", "A\nx\ny\nz\n", "B\nx\ny\nz\n");

        merge.Should().Be(new TextMerge("A\nx\ny\nz\n", 1));
    }

    [Fact]
    public void ConflictingHunksKeepOursWhileTheirOtherHunksStillApply() =>
        Diff3.Merge("a\nb\nc\nd\ne\n", "A\nb\nc\nd\ne\n", "T\nb\nc\nd\nE\n")
            .Should().Be(new TextMerge("A\nb\nc\nd\nE\n", 1));
}
