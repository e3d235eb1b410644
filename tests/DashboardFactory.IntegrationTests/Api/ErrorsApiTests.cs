using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class ErrorsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task NoTokenIsAnUnauthorizedProblemThatNamesTheScheme()
    {
        var response = await api.ClientWithToken(null).GetAsync("/api/users/commander");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("nobody-here.c2VjcmV0")]
    [InlineData("bad id.c2VjcmV0")]
    [InlineData("test-admin-token-0123456789abcdeF")]
    public async Task AnInvalidTokenIsUnauthorized(string token) =>
        await (await api.ClientWithToken(token).GetAsync("/api/me")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task TheQueryStringTokenIsOnlyHonouredWhereBrowsersNeedIt() =>
        await (await api.ClientWithToken(null).GetAsync($"/api/me?access_token={ApiFactory.AdminToken}"))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("{\"id\":\"x1\",")]
    [InlineData("not json at all")]
    [InlineData("{\"id\":\"x1\",\"name\":\"n\",\"role\":\"operator\",\"xp\":\"lots\"}")]
    [InlineData("{\"id\":\"x1\",\"name\":\"n\",\"role\":\"operator\",\"xp\":99999999999999}")]
    [InlineData("")]
    [InlineData("[]")]
    public async Task AnUnreadableBodyIsABadRequestNotAServerError(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await api.Admin().PostAsync("/api/users", content);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        (await api.Admin().GetAsync("/api/users/x1")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AWrongContentTypeIsRefusedWithAProblem()
    {
        using var content = new StringContent("id=x", Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await api.Admin().PostAsync("/api/users", content);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AnUnknownRouteIsANotFoundProblem() =>
        await (await api.Admin().GetAsync("/api/nothing-here")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
}
