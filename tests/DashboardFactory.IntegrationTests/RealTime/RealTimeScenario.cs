using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>Cockpits, features and pages through the HTTP API of a test host, for the real-time tests.</summary>
public static class RealTimeScenario
{
    public static Task<(string Id, string OwnerToken)> NewCockpitAsync(this ApiFactory api) => CreateCockpitAsync(api, ApiFactory.NewId("c"));

    /// <summary>
    /// A new cockpit whose events travel on the same partition stream as <paramref name="cockpitId"/>'s, so a node
    /// receives the two cockpits' events in the order they were published: once an event of one has arrived, every
    /// earlier event of the other was handled (forwarded or dropped). A signal for "nothing else came".
    /// </summary>
    public static Task<(string Id, string OwnerToken)> NewCockpitBesideAsync(this ApiFactory api, string cockpitId)
    {
        string id;
        do
        {
            id = ApiFactory.NewId("c");
        }
        while (CockpitStreams.PartitionOf(id) != CockpitStreams.PartitionOf(cockpitId));

        return CreateCockpitAsync(api, id);
    }

    private static async Task<(string Id, string OwnerToken)> CreateCockpitAsync(ApiFactory api, string id)
    {
        var owner = ApiFactory.NewId("op");
        var token = await api.CreateUserAsync(owner, "operator");
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
