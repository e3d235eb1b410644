using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class FeaturesApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static object Release(string version, string changeType = "safe", string? guide = null, string[]? dependencies = null) => new
    {
        version,
        changeType,
        widget = new { type = "kpi", title = "On-time delivery", w = 3, h = 2, html = "<p>94%</p>", css = ".p{}", config = new { kpi = "otd" } },
        injection = new { mode = "smart" },
        dependencies = dependencies ?? [],
        migrationGuide = guide,
    };

    private async Task<(string Id, HttpClient Author)> FeatureAsync()
    {
        var author = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", 400));
        var id = ApiFactory.NewId("feat");
        (await author.PostAsJsonAsync("/api/features", new { id, name = "On-time delivery", description = "OTD gauge" })).StatusCode.Should().Be(HttpStatusCode.Created);
        return (id, author);
    }

    private async Task<HttpClient> VoterAsync(string role = "optimizer", int xp = 100) =>
        api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("v"), role, xp));

    [Fact]
    public async Task AnOptimizerCreatesAFeatureThatStartsExperimental()
    {
        var (id, author) = await FeatureAsync();

        var feature = await (await author.GetAsync($"/api/features/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);

        feature.GetProperty("stage").GetString().Should().Be("experimental");
        feature.GetProperty("tally").GetProperty("votesCast").GetInt32().Should().Be(0);
        foreach (var field in new[] { "id", "name", "releases", "installations", "campaigns" })
        {
            feature.TryGetProperty(field, out _).Should().BeTrue("API.md lists {0}", field);
        }
    }

    [Fact]
    public async Task OperatorsNeitherBuildNorVote()
    {
        var (id, _) = await FeatureAsync();
        var operatorClient = await VoterAsync("operator", 1000);

        await (await operatorClient.PostAsJsonAsync("/api/features", new { id = ApiFactory.NewId("feat"), name = "x" })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await operatorClient.PostAsJsonAsync($"/api/features/{id}/votes", new { approve = true })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var feature = await (await operatorClient.GetAsync($"/api/features/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        feature.GetProperty("tally").GetProperty("votesCast").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task NobodyVotesOnTheirOwnFeature()
    {
        var (id, author) = await FeatureAsync();

        await (await author.PostAsJsonAsync($"/api/features/{id}/votes", new { approve = true })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task VotesAnswerWithTheTallyAndMoveTheStage()
    {
        var (id, _) = await FeatureAsync();
        JsonElement last = default;
        foreach (var approve in new[] { true, true, false })
        {
            last = await (await (await VoterAsync()).PostAsJsonAsync($"/api/features/{id}/votes", new { approve })).ShouldBeJsonAsync(HttpStatusCode.OK);
        }

        last.GetProperty("stage").GetString().Should().Be("approved");
        last.GetProperty("approvalPercent").GetDouble().Should().Be(66.67);
        last.GetProperty("votesCast").GetInt32().Should().Be(3);
        last.GetProperty("xpCast").GetInt64().Should().Be(300);
        var approved = await (await api.Admin().GetAsync("/api/features?stage=approved")).ShouldBeJsonAsync(HttpStatusCode.OK);
        approved.EnumerateArray().Select(f => f.GetProperty("id").GetString()).Should().Contain(id);
        await (await api.Admin().GetAsync("/api/features?stage=legendary")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ReleasesAreRefusedWith409Or422AndAcceptedWith201()
    {
        var (id, author) = await FeatureAsync();
        (await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);

        await (await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.0"))).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.1.0", "breaking", "guide"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("2.0.0", "breaking"))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.1", dependencies: ["feat-unknown"]))).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.1", "sometimes"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var stranger = await VoterAsync();
        await (await stranger.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.1"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var feature = await (await author.GetAsync($"/api/features/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        feature.GetProperty("releases").GetArrayLength().Should().Be(1, "refused releases change nothing");
    }

    [Fact]
    public async Task OnlyAnAdminApprovesAReviewedRelease()
    {
        var (id, author) = await FeatureAsync();
        await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.0", "reviewed"));

        await (await author.PostAsync($"/api/features/{id}/releases/1.0.0/approve", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var approved = await (await api.Admin().PostAsync($"/api/features/{id}/releases/1.0.0/approve", null)).ShouldBeJsonAsync(HttpStatusCode.OK);

        approved.GetProperty("releases")[0].GetProperty("approvedBy").GetString().Should().Be("admin");
        await (await api.Admin().PostAsync($"/api/features/{id}/releases/9.9.9/approve", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheHistoryShowsWhoDidWhat()
    {
        var (id, author) = await FeatureAsync();
        await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.0"));
        await (await api.Admin().PostAsJsonAsync($"/api/features/{id}/deprecate", new { reason = "replaced" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var history = await (await author.GetAsync($"/api/features/{id}/history")).ShouldBeJsonAsync(HttpStatusCode.OK);

        history.EnumerateArray().Select(h => h.GetProperty("action").GetString()).Should().Equal("created", "release_proposed", "stage_changed");
        var last = history[history.GetArrayLength() - 1];
        last.GetProperty("actor").GetString().Should().Be("admin");
        last.GetProperty("before").GetProperty("stage").GetString().Should().Be("experimental");
        last.GetProperty("after").GetProperty("stage").GetString().Should().Be("deprecated");
        await (await author.GetAsync("/api/features/feat-none/history")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ANewCockpitGetsEveryFoundationalFeature()
    {
        var (id, author) = await FeatureAsync();
        await author.PostAsJsonAsync($"/api/features/{id}/releases", Release("1.0.0"));
        for (var i = 0; i < 3; i++)
        {
            await (await VoterAsync()).PostAsJsonAsync($"/api/features/{id}/votes", new { approve = true });
        }

        var owner = ApiFactory.NewId("op");
        await api.CreateUserAsync(owner, "operator");
        var cockpit = await (await api.Admin().PostAsJsonAsync("/api/cockpits", new { id = ApiFactory.NewId("c"), ownerId = owner, title = "New" }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        cockpit.GetProperty("installedFeatures").GetProperty(id).GetProperty("version").GetString().Should().Be("1.0.0");
        cockpit.GetProperty("widgets").TryGetProperty(id, out _).Should().BeTrue();
        var feature = await (await author.GetAsync($"/api/features/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        feature.GetProperty("stage").GetString().Should().Be("foundational");
        feature.GetProperty("installations").GetProperty("total").GetInt32().Should().BeGreaterThanOrEqualTo(1);
    }
}
