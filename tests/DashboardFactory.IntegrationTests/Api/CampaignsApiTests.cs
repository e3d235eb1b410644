using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.Campaigns;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Api;

public sealed class CampaignsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>A fleet of cockpits in a fresh cohort and a feature whose release targets it, driven through HTTP.</summary>
    private async Task<(string FeatureId, HttpClient Author, int Fleet)> FleetAndFeatureAsync(int cockpits)
    {
        var cohort = ApiFactory.NewId("k");
        var owner = ApiFactory.NewId("op");
        await api.CreateUserAsync(owner, "operator");
        await Task.WhenAll(Enumerable.Range(0, cockpits).Select(async _ =>
            (await api.Admin().PostAsJsonAsync("/api/cockpits", new { id = ApiFactory.NewId("c"), ownerId = owner, title = "t", cohorts = new[] { cohort } }))
                .EnsureSuccessStatusCode()));
        var author = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", 300));
        var featureId = ApiFactory.NewId("feat");
        (await author.PostAsJsonAsync("/api/features", new { id = featureId, name = "Rollout over HTTP" })).EnsureSuccessStatusCode();
        (await author.PostAsJsonAsync($"/api/features/{featureId}/releases", new
        {
            version = "1.0.0",
            changeType = "safe",
            widget = new { type = "kpi", title = "HTTP", w = 3, h = 2, html = "<p>x</p>", css = "", config = new { } },
            injection = new { mode = "smart" },
            cohorts = new[] { cohort },
        })).EnsureSuccessStatusCode();
        return (featureId, author, cockpits);
    }

    private async Task VoteAsync(string featureId, int approvals)
    {
        for (var i = 0; i < approvals; i++)
        {
            var voter = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("v"), "optimizer", 100));
            (await voter.PostAsJsonAsync($"/api/features/{featureId}/votes", new { approve = true })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task ARolloutStartedByVotesShowsItsProgressUntilItCompletes()
    {
        var (featureId, author, fleet) = await FleetAndFeatureAsync(60);
        await VoteAsync(featureId, 3);
        var feature = await (await author.GetAsync($"/api/features/{featureId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var campaignId = feature.GetProperty("campaigns")[0].GetString()!;

        var seen = new List<int>();
        var done = await Eventually.Async(async () =>
        {
            var body = await (await author.GetAsync($"/api/campaigns/{campaignId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
            seen.Add(body.GetProperty("applied").GetInt32());
            return body;
        }, b => b.GetProperty("state").GetString() != "running", TimeSpan.FromSeconds(60));

        done.GetProperty("state").GetString().Should().Be("completed");
        done.GetProperty("total").GetInt32().Should().Be(fleet);
        done.GetProperty("applied").GetInt32().Should().Be(fleet);
        done.GetProperty("durationMs").GetInt64().Should().BeGreaterThan(0);
        done.GetProperty("finishedAt").ValueKind.Should().NotBe(JsonValueKind.Null);
        seen.Should().BeInAscendingOrder("counters only move forward");
        var list = await (await author.GetAsync($"/api/campaigns?featureId={featureId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        list.EnumerateArray().Select(c => c.GetProperty("id").GetString()).Should().Equal(campaignId);
        var installed = await (await author.GetAsync($"/api/features/{featureId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        installed.GetProperty("installations").GetProperty("total").GetInt32().Should().Be(fleet);
    }

    [Fact]
    public async Task OnlyAdminsPauseResumeAndCancel()
    {
        var (featureId, author, _) = await FleetAndFeatureAsync(5);

        // A running foundational campaign holds every other one where it is, so the campaign under test is still running
        // when it is cancelled: "cancelled" is the only state the cancel can answer.
        var directory = api.Service<IGrainFactory>().GetGrain<ICampaignDirectoryGrain>("default");
        var hold = new CampaignSummary($"hold-{Guid.NewGuid():N}", "hold", "1.0.0", true, CampaignStatus.Running, DateTimeOffset.UtcNow);
        await directory.UpsertAsync(hold);
        try
        {
            await VoteAsync(featureId, 3);
            var campaignId = (await (await author.GetAsync($"/api/features/{featureId}")).ShouldBeJsonAsync(HttpStatusCode.OK))
                .GetProperty("campaigns")[0].GetString();

            foreach (var action in new[] { "pause", "resume", "cancel" })
            {
                await (await author.PostAsync($"/api/campaigns/{campaignId}/{action}", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            }

            var cancelled = await (await api.Admin().PostAsync($"/api/campaigns/{campaignId}/cancel", null)).ShouldBeJsonAsync(HttpStatusCode.OK);
            cancelled.GetProperty("state").GetString().Should().Be("cancelled");
            cancelled.GetProperty("applied").GetInt32().Should().Be(0, "the foundational campaign held it back");
        }
        finally
        {
            await directory.UpsertAsync(hold with { Status = CampaignStatus.Completed });
        }

        await (await api.Admin().GetAsync("/api/campaigns/no-such-campaign")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await api.Admin().PostAsync("/api/campaigns/no-such-campaign/pause", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
