using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class CockpitsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(string Id, string OwnerToken)> NewCockpitAsync(string[]? cohorts = null)
    {
        var owner = ApiFactory.NewId("op");
        var token = await api.CreateUserAsync(owner, "operator");
        var id = ApiFactory.NewId("c");
        var response = await api.ClientWithToken(token).PostAsJsonAsync("/api/cockpits",
            new { id, ownerId = owner, title = "Night shift", cohorts = cohorts ?? ["ops"], autoUpdate = new { enabled = true, maxChangeType = "reviewed" } });
        await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        return (id, token);
    }

    private static HttpContent MergePatch(string json, string contentType = CockpitMergePatch)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private const string CockpitMergePatch = "application/merge-patch+json";

    [Fact]
    public async Task AnOperatorCreatesTheirOwnCockpitAndReadsItWithAnETag()
    {
        var (id, token) = await NewCockpitAsync();

        var response = await api.ClientWithToken(token).GetAsync($"/api/cockpits/{id}");

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        response.Headers.ETag.Should().NotBeNull();
        body.GetProperty("version").GetString().Should().Be("1.0.0");
        body.GetProperty("title").GetString().Should().Be("Night shift");
        body.GetProperty("autoUpdate").GetProperty("maxChangeType").GetString().Should().Be("reviewed");
        body.GetProperty("widgets").EnumerateObject().Should().BeEmpty();
        foreach (var field in new[] { "id", "ownerId", "cohorts", "theme", "installedFeatures", "updatedAt" })
        {
            body.TryGetProperty(field, out _).Should().BeTrue("API.md lists {0}", field);
        }
    }

    [Fact]
    public async Task AnOperatorCannotCreateACockpitForSomeoneElse()
    {
        var token = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        var other = ApiFactory.NewId("op");
        await api.CreateUserAsync(other, "operator");

        var response = await api.ClientWithToken(token).PostAsJsonAsync("/api/cockpits", new { id = ApiFactory.NewId("c"), ownerId = other, title = "x" });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ACockpitNeedsAnExistingOwnerAndValidFields()
    {
        var unknownOwner = await api.Admin().PostAsJsonAsync("/api/cockpits", new { id = ApiFactory.NewId("c"), ownerId = "nobody-at-all", title = "x" });
        var invalid = await api.Admin().PostAsJsonAsync("/api/cockpits", new { id = "bad id", ownerId = "", title = "", autoUpdate = new { maxChangeType = "yolo" } });

        (await unknownOwner.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("ownerId", out _).Should().BeTrue();
        var errors = (await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(p => p.Name);
        errors.Should().Contain(["id", "ownerId", "title", "autoUpdate.maxChangeType"]);
    }

    [Fact]
    public async Task AMergePatchEditsWidgetsAndNullRemovesThem()
    {
        var (id, token) = await NewCockpitAsync();
        var client = api.ClientWithToken(token);
        await client.PatchAsync($"/api/cockpits/{id}", MergePatch("""{"widgets":{"a":{"type":"note","title":"A","x":0,"y":0,"w":3,"h":1},"b":{"type":"note","title":"B","x":3,"y":0,"w":3,"h":1}}}"""));

        var response = await client.PatchAsync($"/api/cockpits/{id}", MergePatch("""{"title":"Renamed","widgets":{"a":null,"b":{"x":6}}}"""));

        var body = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        body.GetProperty("title").GetString().Should().Be("Renamed");
        var widgets = body.GetProperty("widgets");
        widgets.TryGetProperty("a", out _).Should().BeFalse();
        widgets.GetProperty("b").GetProperty("x").GetInt32().Should().Be(6);
        response.Headers.ETag.Should().NotBeNull();
    }

    [Fact]
    public async Task AStaleIfMatchIs412AndChangesNothing()
    {
        var (id, token) = await NewCockpitAsync();
        var client = api.ClientWithToken(token);
        var etag = (await client.GetAsync($"/api/cockpits/{id}")).Headers.ETag!.Tag;
        (await client.PatchAsync($"/api/cockpits/{id}", MergePatch("""{"title":"One"}"""))).EnsureSuccessStatusCode();

        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"/api/cockpits/{id}") { Content = MergePatch("""{"title":"Two"}""") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        var response = await client.SendAsync(stale);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        (await (await client.GetAsync($"/api/cockpits/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("title").GetString().Should().Be("One");
    }

    [Fact]
    public async Task OnlyTheOwnerOrAnAdminMayPatch()
    {
        var (id, _) = await NewCockpitAsync();
        var stranger = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");

        await (await api.ClientWithToken(stranger).PatchAsync($"/api/cockpits/{id}", MergePatch("""{"title":"Hijack"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.Admin().PatchAsync($"/api/cockpits/{id}", MergePatch("""{"title":"Admin fix"}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("""{"widgets":{"w":{"type":"t","title":"x","x":-1,"y":0,"w":1,"h":1}}}""", "$.widgets.w.x")]
    [InlineData("""{"owner":"me"}""", "$.owner")]
    [InlineData("""{"autoUpdate":{"maxChangeType":"all"}}""", "$.autoUpdate.maxChangeType")]
    public async Task AnInvalidPatchIsAValidationProblem(string patch, string field)
    {
        var (id, token) = await NewCockpitAsync();

        var problem = await (await api.ClientWithToken(token).PatchAsync($"/api/cockpits/{id}", MergePatch(patch))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
    }

    [Theory]
    [InlineData("{\"title\":", CockpitMergePatch, HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", CockpitMergePatch, HttpStatusCode.BadRequest)]
    [InlineData("title=x", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task AnUnreadablePatchIsRefused(string body, string contentType, HttpStatusCode status)
    {
        var (id, token) = await NewCockpitAsync();

        await (await api.ClientWithToken(token).PatchAsync($"/api/cockpits/{id}", MergePatch(body, contentType))).ShouldBeProblemAsync(status);
    }

    [Fact]
    public async Task ThePageRevalidatesWith304AndNoBody()
    {
        var (id, token) = await NewCockpitAsync();
        var client = api.ClientWithToken(token);

        var page = await client.GetAsync($"/cockpits/{id}");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().StartWith("<!doctype html>");
        var etag = page.Headers.ETag!;
        etag.IsWeak.Should().BeFalse();

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/cockpits/{id}");
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(revalidate);

        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await notModified.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        (await api.ClientWithToken(null).GetAsync($"/cockpits/{id}?access_token={token}")).StatusCode.Should().Be(HttpStatusCode.OK, "browsers may pass the token in the query");
    }

    [Fact]
    public async Task SnapshotsAreListedReadAndRestoredThroughTheApi()
    {
        var (id, token) = await NewCockpitAsync();
        var grain = api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(id);
        var install = await grain.ApplyReleaseAsync(Releases.Widget("feat_api"));
        var client = api.ClientWithToken(token);

        var list = await (await client.GetAsync($"/api/cockpits/{id}/snapshots")).ShouldBeJsonAsync(HttpStatusCode.OK);
        list.EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Equal(install.SnapshotId);
        var one = await (await client.GetAsync($"/api/cockpits/{id}/snapshots/{install.SnapshotId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        one.GetProperty("html").GetString().Should().StartWith("<!doctype html>");
        one.GetProperty("document").GetProperty("widgets").EnumerateObject().Should().BeEmpty();

        var restored = await (await client.PostAsync($"/api/cockpits/{id}/snapshots/{install.SnapshotId}/restore", null)).ShouldBeJsonAsync(HttpStatusCode.OK);

        restored.GetProperty("installedFeatures").EnumerateObject().Should().BeEmpty();
        (await client.GetAsync($"/api/cockpits/{id}/snapshots/s-missing")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var stranger = await api.CreateUserAsync(ApiFactory.NewId("op"), "operator");
        (await api.ClientWithToken(stranger).GetAsync($"/api/cockpits/{id}/snapshots")).StatusCode.Should().Be(HttpStatusCode.NotFound, "someone else's cockpit reads as one that does not exist (API.md)");
    }

    [Fact]
    public async Task TheFleetPagesThroughEveryCockpitExactlyOnce()
    {
        var cohort = ApiFactory.NewId("k");
        var created = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            created.Add((await NewCockpitAsync([cohort])).Id);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await api.Admin().GetAsync($"/api/cockpits?cohort={cohort}&limit=5{(cursor is null ? "" : "&cursor=" + cursor)}")).ShouldBeJsonAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);

        seen.Should().BeEquivalentTo(created).And.OnlyHaveUniqueItems();
        await (await api.Admin().GetAsync("/api/cockpits?cursor=not-a-cursor")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Admin().GetAsync("/api/cockpits?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TheFleetFiltersByInstalledFeature()
    {
        var (with, _) = await NewCockpitAsync();
        await NewCockpitAsync();
        var feature = "feat_" + Guid.NewGuid().ToString("N")[..8];
        await api.Service<IGrainFactory>().GetGrain<ICockpitGrain>(with).ApplyReleaseAsync(Releases.Widget(feature));

        var page = await (await api.Admin().GetAsync($"/api/cockpits?feature={feature}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Equal(with);
    }
}
