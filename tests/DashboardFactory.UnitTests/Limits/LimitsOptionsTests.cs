using DashboardFactory.Limits;

namespace DashboardFactory.UnitTests.Limits;

public sealed class LimitsOptionsTests
{
    [Fact]
    public void TheDefaultsAreValid() => new LimitsOptions().IsValid().Should().BeTrue();

    [Fact]
    public void ABodyLimitBelowOneKibibyteIsRefusedAtStart() => new LimitsOptions { MaxBodyBytes = 100 }.IsValid().Should().BeFalse();

    [Fact]
    public void MoreSubscriptionsPerConnectionThanPerUserIsRefusedAtStart() =>
        new LimitsOptions { MaxKpiSubscriptionsPerConnection = 10, MaxKpiSubscriptionsPerUser = 5 }.IsValid().Should().BeFalse();

    [Fact]
    public void NegativeCountsAreRefusedAtStart()
    {
        new LimitsOptions { MaxCohorts = -1 }.IsValid().Should().BeFalse();
        new LimitsOptions { MaxDependencies = -1 }.IsValid().Should().BeFalse();
        new LimitsOptions { MaxWidgetHtmlChars = 0 }.IsValid().Should().BeFalse();
    }

    [Theory]
    [InlineData("plain text", true)]
    [InlineData(@"pair \ud83d\ude00", true)]
    [InlineData(@"\ud800", false)]
    [InlineData(@"\udfff", false)]
    [InlineData(@"x\ud800", false)]
    [InlineData(@"\ude00\ud83d", false)]
    public void UnicodeTextNeedsEverySurrogateInAPair(string escaped, bool wellFormed) =>
        UnicodeText.IsWellFormed(System.Text.RegularExpressions.Regex.Unescape(escaped)).Should().Be(wellFormed);
}
