using DashboardFactory.Api.Pages;

namespace DashboardFactory.IntegrationTests.Pages;

public sealed class PageSessionTests
{
    [Theory]
    [InlineData("/cockpits/c-1", "/cockpits/c-1")]
    [InlineData("/admin?tab=ops", "/admin?tab=ops")]
    [InlineData("/", "/")]
    [InlineData("//evil.example/x", null)]
    [InlineData("/\\evil.example", null)]
    [InlineData("https://evil.example/", null)]
    [InlineData("/x?next=https://evil.example", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("/a\nb", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void OnlyAPathOnThisSiteIsAPlaceToReturnTo(string? returnUrl, string? expected) =>
        PageSession.SafeReturnUrl(returnUrl).Should().Be(expected);
}
