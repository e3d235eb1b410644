using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// What the browser tests set up through the public HTTP API: an operator with a cockpit in a cohort of its own,
/// live widgets on KPIs of its own, features rolled out to that cohort, points ingested. Fresh ids every time.
/// </summary>
public sealed class PageScenario
{
    private readonly ApiFactory _api;

    private PageScenario(ApiFactory api, string owner, string token, string cockpitId, string cohort, string kpi, DateTimeOffset last)
    {
        Last = last;
        _api = api;
        Owner = owner;
        Token = token;
        CockpitId = cockpitId;
        Cohort = cohort;
        Kpi = kpi;
    }

    public string Owner { get; }

    public string Token { get; }

    public string CockpitId { get; }

    public string Cohort { get; }

    /// <summary>The KPI the cockpit's stat card, chart and table show.</summary>
    public string Kpi { get; }

    /// <summary>
    /// The time of the newest point: points ingested later go into its minute (and hour) unless a test says
    /// otherwise, so expected averages never depend on when the wall clock crosses a minute.
    /// </summary>
    public DateTimeOffset Last { get; }

    public HttpClient OwnerClient => _api.ClientWithToken(Token);

    /// <summary>An operator's cockpit with a stat card, a line chart and a table on one fresh KPI that has some history.</summary>
    public static async Task<PageScenario> CreateAsync(ApiFactory api)
    {
        var owner = ApiFactory.NewId("op");
        var token = await api.CreateUserAsync(owner, "operator");
        var cockpitId = ApiFactory.NewId("c");
        var cohort = ApiFactory.NewId("k");
        var kpi = ApiFactory.NewId("kpi").Replace('-', '_');
        (await api.ClientWithToken(token).PostAsJsonAsync("/api/cockpits", new { id = cockpitId, ownerId = owner, title = "Line 4", cohorts = new[] { cohort } }))
            .EnsureSuccessStatusCode();
        // Four minutes in a row, all in one hour and recent enough for a 24-minute chart.
        var first = Minute(DateTimeOffset.UtcNow) - TimeSpan.FromMinutes(5);
        if (Hour(first) != Hour(first + TimeSpan.FromMinutes(3)))
        {
            first = Hour(first + TimeSpan.FromMinutes(3)) - TimeSpan.FromMinutes(4);
        }

        var scenario = new PageScenario(api, owner, token, cockpitId, cohort, kpi, first + TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(30));
        await scenario.IngestAsync(10, first + TimeSpan.FromSeconds(30));
        await scenario.IngestAsync(20, first + TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(30));
        await scenario.IngestAsync(30, first + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(30));
        await scenario.IngestAsync(40);
        await scenario.PatchAsync(new JsonObject
        {
            ["widgets"] = new JsonObject
            {
                ["stat"] = Widget("stat_card", "Throughput", 0, 0, 3, 2, new JsonObject { ["kpi"] = kpi, ["period"] = "minute", ["unit"] = "u/h", ["decimals"] = 1 }),
                ["chart"] = Widget("line_chart", "Throughput trend", 3, 0, 6, 3, new JsonObject { ["kpi"] = kpi, ["period"] = "minute" }),
                ["tbl"] = Widget("table", "Recent buckets", 9, 0, 3, 3, new JsonObject { ["kpi"] = kpi, ["period"] = "minute", ["decimals"] = 0 }),
                ["note"] = new JsonObject { ["type"] = "html", ["title"] = "Note", ["x"] = 0, ["y"] = 2, ["w"] = 3, ["h"] = 1, ["html"] = "<p>Hello</p>" },
            },
        });
        return scenario;
    }

    private static DateTimeOffset Minute(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, TimeSpan.Zero);

    private static DateTimeOffset Hour(DateTimeOffset t) => new(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero);

    public static JsonObject Widget(string type, string title, int x, int y, int w, int h, JsonObject config) => new()
    {
        ["type"] = type, ["title"] = title, ["x"] = x, ["y"] = y, ["w"] = w, ["h"] = h, ["config"] = config, ["html"] = string.Empty, ["css"] = string.Empty,
    };

    public async Task IngestAsync(double value, DateTimeOffset? at = null)
    {
        var ts = (at ?? Last).ToString("O", CultureInfo.InvariantCulture);
        var response = await _api.Admin().PostAsJsonAsync($"/api/kpis/{Kpi}/points", new[] { new { id = Guid.NewGuid().ToString("N"), ts, value } });
        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        body.GetProperty("accepted").GetInt32().Should().Be(1, "the point for {0} is accepted", Kpi);
    }

    public async Task<JsonElement> PatchAsync(JsonObject patch, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cockpits/{CockpitId}")
        {
            Content = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        }

        return await (await OwnerClient.SendAsync(request)).ShouldBeJsonAsync(HttpStatusCode.OK);
    }

    public async Task<JsonElement> DocumentAsync() => await (await OwnerClient.GetAsync($"/api/cockpits/{CockpitId}")).ShouldBeJsonAsync(HttpStatusCode.OK);

    /// <summary>
    /// A feature whose SAFE release targets this cockpit's cohort, approved by three votes, so it rolls out at once.
    /// Returns when the cockpit has it, with the cockpit's new version.
    /// </summary>
    public async Task<Rollout> RollOutFeatureAsync(string title, string type = "html", string html = "<p>New from the factory</p>")
    {
        var author = _api.ClientWithToken(await _api.CreateUserAsync(ApiFactory.NewId("opt"), "optimizer", 300));
        var featureId = ApiFactory.NewId("feat");
        (await author.PostAsJsonAsync("/api/features", new { id = featureId, name = title })).EnsureSuccessStatusCode();
        (await author.PostAsJsonAsync($"/api/features/{featureId}/releases", new
        {
            version = "1.0.0",
            changeType = "safe",
            widget = new { type, title, w = 4, h = 2, html, css = "", config = new { } },
            injection = new { mode = "append" },
            cohorts = new[] { Cohort },
        })).EnsureSuccessStatusCode();
        // 75% of the XP cast: approved (it rolls out to the cohort), not foundational (which would put it into
        // every cockpit created afterwards, other tests' cockpits included).
        foreach (var approve in new[] { true, true, false, true })
        {
            var voter = _api.ClientWithToken(await _api.CreateUserAsync(ApiFactory.NewId("v"), "optimizer", 100));
            (await voter.PostAsJsonAsync($"/api/features/{featureId}/votes", new { approve })).EnsureSuccessStatusCode();
        }

        var document = await Eventually.Async(DocumentAsync, d => d.GetProperty("installedFeatures").TryGetProperty(featureId, out _), TimeSpan.FromSeconds(30));
        document.GetProperty("installedFeatures").TryGetProperty(featureId, out _).Should().BeTrue("the rollout of {0} reached {1}", featureId, CockpitId);
        return new Rollout(featureId, document.GetProperty("version").GetString()!);
    }

    /// <summary>A feature that reached the cockpit, and the cockpit's version after it.</summary>
    public sealed record Rollout(string FeatureId, string Version);

    public async Task<string> RollBackAsync(string featureId, string reason)
    {
        var response = await _api.Admin().PostAsJsonAsync($"/api/features/{featureId}/rollback", new { reason });
        var body = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        return body.GetProperty("rollbackId").GetString()!;
    }
}
