using System.Net;
using System.Text.Json;

namespace DashboardFactory.IntegrationTests.Infrastructure;

public static class HttpAssertions
{
    /// <summary>Asserts an RFC 9457 problem answer with the given status, and returns its JSON.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was: {0}", text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", "the body was: {0}", text);
        var json = JsonDocument.Parse(text).RootElement;
        json.GetProperty("status").GetInt32().Should().Be((int)status);
        json.TryGetProperty("title", out _).Should().BeTrue();
        return json;
    }

    public static async Task<JsonElement> ShouldBeJsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the body was: {0}", text);
        return JsonDocument.Parse(text).RootElement;
    }
}
