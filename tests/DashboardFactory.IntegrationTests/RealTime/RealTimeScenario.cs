using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>Cockpits, features and pages through the HTTP API of a test host, for the real-time tests.</summary>
public static class RealTimeScenario
{
    public static async Task<(string Id, string OwnerToken)> NewCockpitAsync(this ApiFactory api)
    {
        var owner = ApiFactory.NewId("op");
        var token = await api.CreateUserAsync(owner, "operator");
        var id = ApiFactory.NewId("c");
        var response = await api.ClientWithToken(token).PostAsJsonAsync("/api/cockpits", new { id, ownerId = owner, title = "Night shift" });
        await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        return (id, token);
    }

    public static async Task RenameAsync(this ApiFactory api, string cockpitId, string title)
    {
        var patch = new StringContent($$"""{"title":"{{title}}"}""", Encoding.UTF8);
        patch.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        var response = await api.Admin().PatchAsync($"/api/cockpits/{cockpitId}", patch);
        await response.ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The ETag of the rendered page GET /cockpits/{id}.</summary>
    public static async Task<string> PageETagAsync(this ApiFactory api, string cockpitId)
    {
        var response = await api.Admin().GetAsync($"/cockpits/{cockpitId}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, "the page of {0} renders", cockpitId);
        return response.Headers.ETag!.Tag;
    }
}
