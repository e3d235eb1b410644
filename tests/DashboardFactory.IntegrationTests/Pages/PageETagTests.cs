using DashboardFactory.Api.Pages;

namespace DashboardFactory.IntegrationTests.Pages;

public sealed class PageETagTests
{
    [Fact]
    public void TheServedETagIsTheGrainsWithTheAssetsVersionAppended() =>
        PageETag.Combine("\"abc\"", "v1").Should().Be("\"abc.v1\"");

    [Fact]
    public void AnETagServedWithTheseAssetsGivesBackTheGrainsPart() =>
        PageETag.GrainPart("\"abc.v1\"", "v1").Should().Be("\"abc\"");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\"abc.v0\"")]
    [InlineData("\"abc\"")]
    [InlineData("W/\"abc.v1\"")]
    [InlineData("\"a\", \"b.v1\"")]
    [InlineData("\".v1\"")]
    [InlineData("*")]
    public void AnythingElseAsksForTheWholePage(string? ifNoneMatch) =>
        PageETag.GrainPart(ifNoneMatch, "v1").Should().BeNull();
}
