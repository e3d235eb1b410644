using DashboardFactory.Kpis;

namespace DashboardFactory.UnitTests.Kpis;

public sealed class KpiPointRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly KpiOptions Options = new() { AcceptWindow = TimeSpan.FromHours(1), MaxFutureSkew = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NonFiniteValuesAreRefused(double value) =>
        KpiPointRules.Check("a", Now, value, Now, Options).Should().Contain("finite");

    [Fact]
    public void TheWindowIsInclusiveAtItsEdges()
    {
        KpiPointRules.Check(null, Now - Options.AcceptWindow, 1, Now, Options).Should().BeNull();
        KpiPointRules.Check(null, Now - Options.AcceptWindow - TimeSpan.FromTicks(1), 1, Now, Options).Should().Contain("older");
        KpiPointRules.Check(null, Now + Options.MaxFutureSkew, 1, Now, Options).Should().BeNull();
        KpiPointRules.Check(null, Now + Options.MaxFutureSkew + TimeSpan.FromTicks(1), 1, Now, Options).Should().Contain("future");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\nb")]
    public void EmptyOrControlCharacterIdsAreRefused(string id) =>
        KpiPointRules.Check(id, Now, 1, Now, Options).Should().Contain("id");

    [Fact]
    public void AnOverlongIdIsRefused() =>
        KpiPointRules.Check(new string('x', KpiPointRules.MaxIdLength + 1), Now, 1, Now, Options).Should().Contain("id");

    [Theory]
    [InlineData(1e100)]
    [InlineData(-1e100)]
    [InlineData(double.Epsilon)]
    [InlineData(-0.0)]
    public void ValuesWithinTheRangeAreAccepted(double value) =>
        KpiPointRules.Check("a", Now, value, Now, Options).Should().BeNull();

    [Theory]
    [InlineData(1.000000000000001e100)]
    [InlineData(-1.1e100)]
    [InlineData(1e308)]
    [InlineData(-1.7976931348623157e308)]
    public void ValuesBeyondTheRangeAreRefused(double value) =>
        KpiPointRules.Check("a", Now, value, Now, Options).Should().Contain("1e100");

    [Fact]
    public void TheLargestSumABucketCanHoldStaysFinite() =>
        double.IsFinite(KpiPointRules.MaxAbsValue * long.MaxValue).Should().BeTrue("a bucket counts its points in a long");

    [Theory]
    [InlineData(@"\ud800")]
    [InlineData(@"a\udfffb")]
    [InlineData(@"\udc00\ud800")]
    public void IdsThatAreNotUnicodeTextAreRefused(string escaped) =>
        KpiPointRules.Check(System.Text.RegularExpressions.Regex.Unescape(escaped), Now, 1, Now, Options).Should().Contain("Unicode");

    [Fact]
    public void IdsWithSurrogatePairsAreAccepted() =>
        KpiPointRules.Check("sensor-\U0001F600", Now, 1, Now, Options).Should().BeNull();
}
