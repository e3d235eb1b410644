using System.Net;
using DashboardFactory.Api.OrleansDashboard;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>The Orleans Dashboard in the embedded mode: admins only, under /admin/orleans and nothing else of /admin.</summary>
public sealed class OrleansDashboardTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public OrleansDashboardTests(ApiFactory api) => _api = api;

    [Fact]
    public async Task AnAdminGetsTheDashboardPageAndItsLiveData()
    {
        var admin = _api.Admin();

        var page = await admin.GetAsync("/admin/orleans/");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.Should().Be(HttpStatusCode.OK, html);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("index.min.js", "the page loads the dashboard's script relative to /admin/orleans/");

        // The dashboard collects its counters in the background: the silo is listed once the first collection ran.
        var json = await Eventually.Async(
            async () => await (await admin.GetAsync("/admin/orleans/DashboardCounters")).ShouldBeJsonAsync(HttpStatusCode.OK),
            j => j.GetProperty("hosts").GetArrayLength() > 0);
        json.GetProperty("hosts").GetArrayLength().Should().BeGreaterThan(0, "the embedded silo is listed: {0}", json);
    }

    [Theory]
    [InlineData("/admin/orleans/")]
    [InlineData("/admin/orleans/DashboardCounters")]
    [InlineData("/admin/orleans/index.min.js")]
    public async Task WithoutATokenTheDashboardIs401(string path)
    {
        var response = await _api.ClientWithToken(null).GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("operator")]
    [InlineData("optimizer")]
    public async Task ANonAdminGets403(string role)
    {
        var token = await _api.CreateUserAsync(ApiFactory.NewId(role[..2]), role);

        var page = await _api.ClientWithToken(token).GetAsync("/admin/orleans/");
        var data = await _api.ClientWithToken(token).GetAsync("/admin/orleans/ClusterStats");

        page.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        data.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ABrowserSignsInOnceWithAccessTokenAndKeepsItInACookieOfThePrefixOnly()
    {
        var browser = _api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var signIn = await browser.GetAsync($"/admin/orleans?access_token={ApiFactory.AdminToken}");

        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signIn.Headers.Location!.OriginalString.Should().Be("/admin/orleans/", "the token leaves the address bar");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Should().ContainSingle().Subject;
        cookie.Should().StartWith($"{OrleansDashboardApi.TokenCookie}=").And.Contain("path=/admin/orleans").And.Contain("httponly").And.Contain("samesite=strict");

        var request = new HttpRequestMessage(HttpMethod.Get, "/admin/orleans/DashboardCounters");
        request.Headers.Add("Cookie", cookie.Split(';')[0]);
        (await browser.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK, "the cookie authenticates the dashboard's own requests");

        var elsewhere = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        elsewhere.Headers.Add("Cookie", cookie.Split(';')[0]);
        (await browser.SendAsync(elsewhere)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the cookie means nothing outside /admin/orleans");
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/ops")]
    [InlineData("/admin/orleans-notes")]
    public async Task TheMountClaimsNoOtherAdminPath(string path)
    {
        var response = await _api.Admin().GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        body.Should().NotContain("index.min.js", "{0} is not the Orleans Dashboard", path);
        response.Headers.Location.Should().BeNull("{0} is not redirected into the dashboard", path);
    }
}
