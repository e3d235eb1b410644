using DashboardFactory.Cockpits;

namespace DashboardFactory.UnitTests.Cockpits;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("1.2.3", ChangeType.Safe, "1.2.4")]
    [InlineData("1.2.3", ChangeType.Reviewed, "1.3.0")]
    [InlineData("1.2.3", ChangeType.Breaking, "2.0.0")]
    [InlineData("0.0.0", ChangeType.Safe, "0.0.1")]
    public void TheChangeTypeDecidesWhichPartMoves(string from, ChangeType change, string to) =>
        SemanticVersion.Parse(from).Bump(change).ToString().Should().Be(to);

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-beta")]
    [InlineData("-1.0.0")]
    [InlineData("a.b.c")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("9999999999.0.0")]
    public void OnlyPlainMajorMinorPatchParses(string? text) =>
        SemanticVersion.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void VersionsOrderNumericallyNotAsText()
    {
        SemanticVersion.Parse("1.10.0").Should().BeGreaterThan(SemanticVersion.Parse("1.9.9"));
        SemanticVersion.Parse("2.0.0").Should().BeGreaterThan(SemanticVersion.Parse("1.99.99"));
        (SemanticVersion.Parse("1.2.3") == SemanticVersion.Parse("1.2.3")).Should().BeTrue();
    }
}
