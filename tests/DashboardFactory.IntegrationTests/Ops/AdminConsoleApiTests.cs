using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Ops;

/// <summary>The admin console's API over HTTP: the ops board, PATCH of a feature's owner and cohorts, the release preview, and who may read what.</summary>
public sealed class AdminConsoleApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static object Release(string version, string changeType = "safe", string[]? dependencies = null, string[]? cohorts = null, string kpi = "otd") => new
    {
        version,
        changeType,
        widget = new { type = "stat_card", title = "On-time delivery", w = 3, h = 2, html = "<p>94%</p>", css = "", config = new { kpi } },
        injection = new { mode = "smart" },
        dependencies = dependencies ?? [],
        cohorts = cohorts ?? [],
    };

    private async Task<(string Id, string AuthorId, HttpClient Author)> FeatureAsync(object? release = null)
    {
        var authorId = ApiFactory.NewId("opt");
        var author = api.ClientWithToken(await api.CreateUserAsync(authorId, "optimizer", 400));
        var id = ApiFactory.NewId("feat");
        (await author.PostAsJsonAsync("/api/features", new { id, name = "On-time delivery", description = "" })).StatusCode.Should().Be(HttpStatusCode.Created);
        if (release is not null)
        {
            (await author.PostAsJsonAsync($"/api/features/{id}/releases", release)).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        return (id, authorId, author);
    }

    private async Task<HttpClient> UserAsync(string role) => api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("u"), role, 100));

    private async Task<JsonElement> BoardAsync() => await (await api.Admin().GetAsync("/api/ops/board")).ShouldBeJsonAsync(HttpStatusCode.OK);

    private static JsonElement Flag(JsonElement board, string id) =>
        board.GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("id").GetString() == id);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task AFeatureWhoseDependencyIsDeprecatedIsBlockedWithAReasonNamingIt()
    {
        var (baseId, _, _) = await FeatureAsync(Release("1.0.0"));
        var (dependentId, _, _) = await FeatureAsync(Release("1.0.0", dependencies: [baseId]));
        (await api.Admin().PostAsJsonAsync($"/api/features/{baseId}/deprecate", new { reason = "leaks memory" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var board = await BoardAsync();

        var dependent = Flag(board, dependentId);
        dependent.GetProperty("health").GetString().Should().Be("blocked");
        Strings(dependent.GetProperty("reasons")).Should().Contain($"depends on {baseId}, which is deprecated: leaks memory");
        Strings(dependent.GetProperty("dependencies")).Should().Equal(baseId);
        var deprecated = Flag(board, baseId);
        deprecated.GetProperty("stage").GetString().Should().Be("deprecated");
        Strings(deprecated.GetProperty("dependents")).Should().Equal(dependentId);
        deprecated.GetProperty("latestVersion").GetString().Should().Be("1.0.0");
    }

    [Fact]
    public async Task TheOwnerIsTheAuthorUntilAnAdminNamesAnotherOrNobody()
    {
        var (id, authorId, _) = await FeatureAsync(Release("1.0.0", kpi: "perfect_order"));
        await (await api.Admin().PostAsJsonAsync("/api/kpis/perfect_order/points", new[] { new { ts = DateTimeOffset.UtcNow, value = 97.5 } })).ShouldBeJsonAsync(HttpStatusCode.Accepted);

        var before = Flag(await BoardAsync(), id);
        var patched = await (await api.Admin().PatchAsJsonAsync($"/api/features/{id}", new { owner = "Platform pod", cohorts = new[] { "ops", "admin" } }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        var named = Flag(await BoardAsync(), id);
        await (await api.Admin().PatchAsync($"/api/features/{id}", JsonContent.Create(new Dictionary<string, object?> { ["owner"] = null })))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        var nobody = Flag(await BoardAsync(), id);

        before.GetProperty("owner").GetString().Should().Be(authorId);
        before.GetProperty("health").GetString().Should().Be("healthy", "owned, nothing pending, its KPI is fresh: {0}", before);
        patched.GetProperty("owner").GetString().Should().Be("Platform pod");
        named.GetProperty("owner").GetString().Should().Be("Platform pod");
        Strings(named.GetProperty("cohorts")).Should().Equal("ops", "admin");
        nobody.GetProperty("owner").ValueKind.Should().Be(JsonValueKind.Null);
        nobody.GetProperty("health").GetString().Should().Be("warning");
        Strings(nobody.GetProperty("reasons")).Should().Equal("has no owner");
        Strings(nobody.GetProperty("cohorts")).Should().Equal(["ops", "admin"], "a PATCH without cohorts leaves them");
        var history = await (await api.Admin().GetAsync($"/api/features/{id}/history")).ShouldBeJsonAsync(HttpStatusCode.OK);
        history.EnumerateArray().Count(h => h.GetProperty("action").GetString() == "ops_updated").Should().Be(2);
    }

    [Fact]
    public async Task AReleaseWaitingForApprovalAndAWidgetWithoutDataAreWarnings()
    {
        var (id, _, _) = await FeatureAsync(Release("1.0.0", "reviewed", kpi: "never_fed_" + Guid.NewGuid().ToString("N")[..6]));

        var flag = Flag(await BoardAsync(), id);

        flag.GetProperty("health").GetString().Should().Be("warning");
        flag.GetProperty("pendingApproval").GetString().Should().Be("1.0.0");
        Strings(flag.GetProperty("reasons")).Should().HaveCount(2).And.Contain("release 1.0.0 waits for an admin's approval");
        Strings(flag.GetProperty("reasons")).Should().Contain(r => r.Contains("which has no data"));
    }

    [Fact]
    public async Task AFeatureShowsItsVotersAndTheLinesItsTallyIsJudgedBy()
    {
        var (id, _, _) = await FeatureAsync();
        var voterId = ApiFactory.NewId("v");
        var voter = api.ClientWithToken(await api.CreateUserAsync(voterId, "optimizer", 250));
        (await voter.PostAsJsonAsync($"/api/features/{id}/votes", new { approve = false })).StatusCode.Should().Be(HttpStatusCode.OK);

        var feature = await (await (await UserAsync("operator")).GetAsync($"/api/features/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        var vote = feature.GetProperty("votes").EnumerateArray().Should().ContainSingle().Subject;
        (vote.GetProperty("voterId").GetString(), vote.GetProperty("approve").GetBoolean(), vote.GetProperty("xp").GetInt32()).Should().Be((voterId, false, 250));
        var thresholds = feature.GetProperty("thresholds");
        (thresholds.GetProperty("quorum").GetInt32(), thresholds.GetProperty("approvedPercent").GetDouble(), thresholds.GetProperty("foundationalPercent").GetDouble())
            .Should().Be((3, 66, 80));
    }

    [Fact]
    public async Task ABadPatchIsA4xxThatChangesNothing()
    {
        var (id, authorId, author) = await FeatureAsync();

        await (await api.Admin().PatchAsJsonAsync($"/api/features/{id}", new { owner = 5 })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Admin().PatchAsJsonAsync($"/api/features/{id}", new { owner = "ok", cohorts = new[] { "not a cohort!" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Admin().PatchAsJsonAsync($"/api/features/{id}", new { colour = "red" })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await api.Admin().PatchAsync($"/api/features/{id}", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await author.PatchAsJsonAsync($"/api/features/{id}", new { owner = "me" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Admin().PatchAsJsonAsync("/api/features/feat-none", new { owner = "x" })).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var feature = await (await api.Admin().GetAsync($"/api/features/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        feature.GetProperty("owner").GetString().Should().Be(authorId);
        feature.GetProperty("cohorts").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task OperatorsCannotOpenAdminData()
    {
        var (id, _, _) = await FeatureAsync(Release("1.0.0", "reviewed"));
        var operatorClient = await UserAsync("operator");
        var optimizer = await UserAsync("optimizer");

        foreach (var path in new[] { "/api/ops/board", "/api/campaigns", $"/api/campaigns/{id}-v1.0.0", $"/api/features/{id}/history", $"/api/features/{id}/releases/1.0.0/preview", "/api/rollbacks/rb-1" })
        {
            await (await operatorClient.GetAsync(path)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        await (await optimizer.GetAsync("/api/ops/board")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await optimizer.GetAsync($"/api/features/{id}/releases/1.0.0/preview")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await optimizer.GetAsync("/api/campaigns")).ShouldBeJsonAsync(HttpStatusCode.OK);
        await (await optimizer.GetAsync($"/api/features/{id}/history")).ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheConsoleAndTheOpsBoardLiveBesideTheOrleansDashboard()
    {
        var admin = api.Admin();

        var console = await admin.GetAsync("/admin");
        var board = await admin.GetAsync("/admin/ops");
        var dashboard = await admin.GetAsync("/admin/orleans/");

        console.StatusCode.Should().Be(HttpStatusCode.OK);
        (await console.Content.ReadAsStringAsync()).Should().Contain("data-role=\"console\"");
        board.StatusCode.Should().Be(HttpStatusCode.OK);
        (await board.Content.ReadAsStringAsync()).Should().Contain("data-role=\"ops\"");
        dashboard.StatusCode.Should().Be(HttpStatusCode.OK);
        (await dashboard.Content.ReadAsStringAsync()).Should().NotContain("data-role=\"console\"", "/admin/orleans/ is the Orleans Dashboard's");
    }

    [Fact]
    public async Task TheBoardListsSilosMigrationsKpisAndSnapshotRetention()
    {
        var code = "ops_" + Guid.NewGuid().ToString("N")[..8];
        var at = DateTimeOffset.UtcNow.AddSeconds(-5);
        await (await api.Admin().PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { ts = at, value = 1.5 } })).ShouldBeJsonAsync(HttpStatusCode.Accepted);

        var board = await BoardAsync();

        var silo = board.GetProperty("silos").EnumerateArray().Should().ContainSingle().Subject;
        silo.GetProperty("status").GetString().Should().Be("active");
        silo.GetProperty("startedAt").GetDateTimeOffset().Should().BeBefore(DateTimeOffset.UtcNow);
        silo.GetProperty("address").GetString().Should().NotBeNullOrEmpty();
        board.GetProperty("storage").GetString().Should().Be("memory");
        board.GetProperty("migrations").GetArrayLength().Should().Be(0, "the embedded default has no schema");
        var kpi = board.GetProperty("kpis").EnumerateArray().Single(k => k.GetProperty("code").GetString() == code);
        kpi.GetProperty("stale").GetBoolean().Should().BeFalse();
        kpi.GetProperty("lastPointAt").ValueKind.Should().Be(JsonValueKind.String);
        board.GetProperty("snapshots").GetProperty("retention").GetString().Should().Be("30.00:00:00");
        board.GetProperty("snapshots").TryGetProperty("lastTrimmedAt", out _).Should().BeTrue();
    }

    [Fact]
    public async Task ThePreviewAnswersTheAuthorAndAdminsWithCountsAndRefusesBadInput()
    {
        var cohort = "k" + Guid.NewGuid().ToString("N")[..10];
        var owner = ApiFactory.NewId("op");
        await api.CreateUserAsync(owner, "operator");
        foreach (var max in new[] { "reviewed", "reviewed", "safe" })
        {
            (await api.Admin().PostAsJsonAsync("/api/cockpits", new
            {
                id = ApiFactory.NewId("c"), ownerId = owner, title = "Floor", cohorts = new[] { cohort },
                autoUpdate = new { enabled = true, maxChangeType = max },
            })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var (id, _, author) = await FeatureAsync(Release("1.0.0", "reviewed", cohorts: [cohort]));

        var preview = await (await author.GetAsync($"/api/features/{id}/releases/1.0.0/preview")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var byAdmin = await (await api.Admin().GetAsync($"/api/features/{id}/releases/1.0.0/preview")).ShouldBeJsonAsync(HttpStatusCode.OK);

        preview.GetProperty("targeted").GetInt32().Should().Be(2);
        preview.GetProperty("clean").GetInt32().Should().Be(2);
        preview.GetProperty("conflicting").GetInt32().Should().Be(0);
        preview.GetProperty("skipped").GetProperty("policy").GetInt32().Should().Be(1);
        preview.GetProperty("samples").GetArrayLength().Should().Be(0);
        preview.GetProperty("changeType").GetString().Should().Be("reviewed");
        var skipped = preview.GetProperty("skipped").EnumerateObject().Sum(p => p.Value.GetInt32());
        preview.GetProperty("total").GetInt32().Should().Be(2 + skipped);
        byAdmin.GetProperty("clean").GetInt32().Should().Be(2);
        await (await author.GetAsync($"/api/features/{id}/releases/1.0/preview")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await author.GetAsync($"/api/features/{id}/releases/9.9.9/preview")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await author.GetAsync("/api/features/bad!id/releases/1.0.0/preview")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await (await UserAsync("optimizer")).GetAsync($"/api/features/{id}/releases/1.0.0/preview")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await api.Admin().GetAsync($"/api/campaigns/{id}-v1.0.0")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a preview starts no campaign");
    }
}
