using System.Net;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class HealthApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task LivenessNeedsNoToken() =>
        (await api.ClientWithToken(null).GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

    [Fact]
    public async Task TheRootPageTellsANewcomerWhereToGoWithoutAToken()
    {
        var response = await api.ClientWithToken(null).GetAsync("/");

        response.StatusCode.Should().Be(HttpStatusCode.OK, "opening the address in a browser must not show a 404");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("Dashboard Factory is running").And.Contain("/openapi/v1.json").And.Contain("Admin token");
        page.Should().NotContain(ApiFactory.AdminToken, "the public page never shows a token");
    }

    [Fact]
    public async Task ReadinessReportsTheClusterAndItsStorage()
    {
        var ready = await (await api.ClientWithToken(null).GetAsync("/health/ready")).ShouldBeJsonAsync(HttpStatusCode.OK);

        ready.GetProperty("status").GetString().Should().Be("healthy");
        ready.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString().Should().Be("healthy");
        ready.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString().Should().Be("healthy");
    }

    [Theory]
    [InlineData("/openapi/v2.json")]
    [InlineData("/openapi/admin.json")]
    [InlineData("/openapi/..json")]
    public async Task AnOpenApiDocumentThatDoesNotExistIsAProblemDetails404(string path)
    {
        using var response = await api.ClientWithToken(null).GetAsync(path);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheOpenApiDocumentNameIsCaseInsensitive()
    {
        using var response = await api.ClientWithToken(null).GetAsync("/openapi/V1.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheUserEndpoints()
    {
        var document = await (await api.ClientWithToken(null).GetAsync("/openapi/v1.json")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/users", "/api/users/{id}", "/api/users/{id}/token", "/api/me"]);
    }
}
