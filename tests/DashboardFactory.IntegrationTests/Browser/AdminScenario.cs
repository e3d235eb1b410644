using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>What the console tests set up through the public HTTP API: users, a fleet in a cohort of its own, features, votes.</summary>
public sealed class AdminScenario(ApiFactory api)
{
    public string Cohort { get; } = ApiFactory.NewId("k");

    public async Task<(string Id, string Token)> UserAsync(string role, int xp = 100)
    {
        var id = ApiFactory.NewId(role[..3]);
        return (id, await api.CreateUserAsync(id, role, xp));
    }

    /// <summary>Cockpits of one operator in this scenario's cohort, auto-updating up to <paramref name="maxChangeType"/>.</summary>
    public async Task<(string OwnerToken, List<string> Ids)> CockpitsAsync(int count, string maxChangeType = "reviewed")
    {
        var (owner, token) = await UserAsync("operator");
        var ids = Enumerable.Range(0, count).Select(_ => ApiFactory.NewId("c")).ToList();
        await Task.WhenAll(ids.Select(async id => (await api.Admin().PostAsJsonAsync("/api/cockpits", new
        {
            id, ownerId = owner, title = "Floor", cohorts = new[] { Cohort }, autoUpdate = new { enabled = true, maxChangeType },
        })).EnsureSuccessStatusCode()));

        // The owner's list comes from the fleet index, written a moment after each cockpit (group commit); the
        // console sends an operator to the first cockpit of that list, so wait until it lists them.
        var listed = await Eventually.Async(
            async () => (await api.ClientWithToken(token).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/cockpits?limit=500"))
                .GetProperty("items").EnumerateArray().Count(c => ids.Contains(c.GetProperty("id").GetString()!)),
            n => n == ids.Count,
            TimeSpan.FromSeconds(60));
        listed.Should().Be(ids.Count, "the fleet index lists the owner's new cockpits");
        return (token, ids);
    }

    /// <summary>A feature by a fresh optimizer; with <paramref name="version"/>, a release for this scenario's cohort.</summary>
    public async Task<string> FeatureAsync(string? version = null, string changeType = "reviewed", string[]? dependencies = null)
    {
        var (_, token) = await UserAsync("optimizer", 300);
        var author = api.ClientWithToken(token);
        var id = ApiFactory.NewId("feat");
        (await author.PostAsJsonAsync("/api/features", new { id, name = $"Widget {id[5..]}" })).EnsureSuccessStatusCode();
        if (version is not null)
        {
            (await author.PostAsJsonAsync($"/api/features/{id}/releases", new
            {
                version,
                changeType,
                widget = new { type = "html", title = "Console widget", w = 3, h = 2, html = "<p>from the factory</p>", css = "", config = new { } },
                injection = new { mode = "smart" },
                dependencies = dependencies ?? [],
                cohorts = new[] { Cohort },
            })).EnsureSuccessStatusCode();
        }

        return id;
    }

    public async Task VoteAsync(string featureId, params bool[] approvals)
    {
        foreach (var approve in approvals)
        {
            var (_, token) = await UserAsync("optimizer");
            (await api.ClientWithToken(token).PostAsJsonAsync($"/api/features/{featureId}/votes", new { approve })).EnsureSuccessStatusCode();
        }
    }

    /// <summary>Approved (66.67 % of the XP cast), not foundational, so it never lands in other tests' new cockpits.</summary>
    public Task ApproveByVotesAsync(string featureId) => VoteAsync(featureId, true, true, false);

    public async Task<JsonElement> CampaignAsync(string campaignId) =>
        await (await api.Admin().GetAsync($"/api/campaigns/{campaignId}")).ShouldBeJsonAsync(HttpStatusCode.OK);

    public async Task<JsonElement> FinishedCampaignAsync(string campaignId)
    {
        var done = await Eventually.Async(() => CampaignAsync(campaignId), c => c.GetProperty("state").GetString() != "running", TimeSpan.FromSeconds(60));
        done.GetProperty("state").GetString().Should().Be("completed", "campaign {0} finished: {1}", campaignId, done);
        return done;
    }
}
