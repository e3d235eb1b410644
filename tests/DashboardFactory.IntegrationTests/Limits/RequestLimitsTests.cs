using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Limits;

/// <summary>
/// The Limits section over real sockets (Kestrel, so a body without Content-Length really travels chunked): each
/// endpoint's body limit holds for chunked bodies too, widget text, config, whole documents, release fields and cohorts
/// are bounded, and every refusal is a 4xx ProblemDetails that changes nothing.
/// </summary>
public sealed class RequestLimitsTests(RequestLimitsTests.Host api) : IClassFixture<RequestLimitsTests.Host>
{
    private readonly HttpClient _admin = api.Admin();

    [Fact]
    public async Task AChunkedBodyOverTheEndpointsLimitIsA413AndStoresNothing()
    {
        var code = ApiFactory.NewId("kpi");
        var points = Points(60);
        Encoding.UTF8.GetByteCount(points).Should().BeGreaterThan(Host.KpiBodyBytes);

        using var response = await _admin.PostAsync($"/api/kpis/{code}/points", Chunked(points));

        await ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "MaxKpiBodyBytes");
        (await _admin.GetAsync($"/api/kpis/{code}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing of {0} was stored", code);
    }

    [Fact]
    public async Task AChunkedBodyWithinTheLimitIsReadWhole()
    {
        var code = ApiFactory.NewId("kpi");

        using var response = await _admin.PostAsync($"/api/kpis/{code}/points", Chunked(Points(5)));

        (await response.ShouldBeJsonAsync(HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task AContentLengthOverTheLimitIsA413BeforeTheBodyIsRead()
    {
        using var response = await _admin.PostAsync($"/api/kpis/{ApiFactory.NewId("kpi")}/points",
            new ByteArrayContent(Encoding.UTF8.GetBytes(Points(60))) { Headers = { ContentType = new("application/json") } });

        await ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "MaxKpiBodyBytes");
    }

    [Fact]
    public async Task EndpointsWithoutALimitOfTheirOwnTakeMaxBodyBytes()
    {
        var id = ApiFactory.NewId("op");
        var body = JsonSerializer.Serialize(new { id, name = new string('n', Host.BodyBytes), role = "operator", xp = 1 });

        using var response = await _admin.PostAsync("/api/users", Chunked(body));

        await ShouldBeProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "MaxBodyBytes");
        (await _admin.GetAsync($"/api/users/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("html", Host.HtmlChars, "MaxWidgetHtmlChars")]
    [InlineData("css", Host.CssChars, "MaxWidgetCssChars")]
    [InlineData("script", Host.ScriptChars, "MaxWidgetScriptChars")]
    public async Task WidgetTextOverItsLimitIsRefusedInCockpitsAndReleases(string field, int limit, string setting)
    {
        var cockpit = await CockpitAsync();
        var before = await (await _admin.GetAsync($"/api/cockpits/{cockpit}")).Content.ReadAsStringAsync();
        var widget = new Dictionary<string, object> { ["type"] = "html", ["title"] = "T", ["x"] = 0, ["y"] = 0, ["w"] = 3, ["h"] = 2, [field] = new string('a', limit) };

        (await PatchAsync(cockpit, new { widgets = new Dictionary<string, object> { ["w-ok"] = widget } })).StatusCode.Should().Be(HttpStatusCode.OK, "{0} characters of {1} are allowed", limit, field);
        widget[field] = new string('a', limit + 1);
        using var refused = await PatchAsync(cockpit, new { widgets = new Dictionary<string, object> { ["w-big"] = widget } });

        (await ShouldBeProblemAsync(refused, HttpStatusCode.BadRequest, setting)).GetProperty("errors").TryGetProperty($"$.widgets.w-big.{field}", out _).Should().BeTrue();
        using var release = await ReleaseAsync(new Dictionary<string, object?> { [field] = new string('a', limit + 1) });
        (await ShouldBeProblemAsync(release, HttpStatusCode.UnprocessableEntity, setting)).GetProperty("errors").TryGetProperty($"widget.{field}", out _).Should().BeTrue();
        if (field == "css")
        {
            using var theme = await PatchAsync(cockpit, new { theme = new { css = new string('a', limit + 1) } });
            await ShouldBeProblemAsync(theme, HttpStatusCode.BadRequest, setting);
        }

        (await (await _admin.GetAsync($"/api/cockpits/{cockpit}")).Content.ReadAsStringAsync()).Should().NotBe(before, "the allowed patch changed it")
            .And.NotContain("w-big", "refused patches change nothing");
    }

    [Fact]
    public async Task AWidgetConfigOverItsLimitIsRefused()
    {
        var cockpit = await CockpitAsync();
        var config = new { note = new string('c', Host.ConfigBytes) };

        using var patch = await PatchAsync(cockpit, new { widgets = new { w1 = new { type = "html", title = "T", x = 0, y = 0, w = 3, h = 2, config } } });
        using var release = await ReleaseAsync(new Dictionary<string, object?> { ["config"] = config });

        await ShouldBeProblemAsync(patch, HttpStatusCode.BadRequest, "MaxWidgetConfigBytes");
        await ShouldBeProblemAsync(release, HttpStatusCode.UnprocessableEntity, "MaxWidgetConfigBytes");
    }

    [Fact]
    public async Task ADocumentMayNotGrowPastMaxDocumentBytes()
    {
        var cockpit = await CockpitAsync();
        var widgets = new Dictionary<string, object>();
        for (var i = 0; i < 12; i++)
        {
            widgets[$"w{i}"] = new { type = "html", title = "T", x = 0, y = i * 2, w = 3, h = 2, html = new string('h', Host.HtmlChars) };
        }

        using var refused = await PatchAsync(cockpit, new { widgets });

        await ShouldBeProblemAsync(refused, HttpStatusCode.BadRequest, "MaxDocumentBytes");
        var document = await (await _admin.GetAsync($"/api/cockpits/{cockpit}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        document.GetProperty("widgets").EnumerateObject().Should().BeEmpty("the refused patch of {0} changed nothing", cockpit);
    }

    [Fact]
    public async Task ReleaseNotesDependenciesAndCohortsAreBounded()
    {
        using var guide = await ReleaseAsync(null, new { migrationGuide = new string('g', Host.NoteChars + 1) });
        using var notice = await ReleaseAsync(null, new { deprecationNotice = new string('d', Host.NoteChars + 1) });
        using var dependencies = await ReleaseAsync(null, new { dependencies = new[] { "dep-a", "dep-b", "dep-c" } });
        using var cohorts = await ReleaseAsync(null, new { cohorts = new[] { "c1", "c2", "c3" } });

        (await ShouldBeProblemAsync(guide, HttpStatusCode.UnprocessableEntity, "MaxReleaseNoteChars")).GetProperty("errors").TryGetProperty("migrationGuide", out _).Should().BeTrue();
        (await ShouldBeProblemAsync(notice, HttpStatusCode.UnprocessableEntity, "MaxReleaseNoteChars")).GetProperty("errors").TryGetProperty("deprecationNotice", out _).Should().BeTrue();
        await ShouldBeProblemAsync(dependencies, HttpStatusCode.UnprocessableEntity, "MaxDependencies");
        await ShouldBeProblemAsync(cohorts, HttpStatusCode.UnprocessableEntity, "MaxCohorts");
    }

    [Fact]
    public async Task ACockpitHasAtMostMaxCohorts()
    {
        var cockpit = await CockpitAsync();

        using var created = await _admin.PostAsJsonAsync("/api/cockpits", new { id = ApiFactory.NewId("cp"), ownerId = Owner, title = "T", cohorts = new[] { "a", "b", "c" } });
        using var patched = await PatchAsync(cockpit, new { cohorts = new[] { "a", "b", "c" } });

        await ShouldBeProblemAsync(created, HttpStatusCode.BadRequest, "MaxCohorts");
        await ShouldBeProblemAsync(patched, HttpStatusCode.BadRequest, "MaxCohorts");
        (await PatchAsync(cockpit, new { cohorts = new[] { "a", "b" } })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AFeaturesCohortsAreBoundedByMaxCohortsToo()
    {
        var featureId = ApiFactory.NewId("feat");
        (await _admin.PostAsJsonAsync("/api/features", new { id = featureId, name = "Cohort-bound" })).EnsureSuccessStatusCode();

        using var tooMany = await _admin.PatchAsJsonAsync($"/api/features/{featureId}", new { cohorts = new[] { "a", "b", "c" } });
        using var enough = await _admin.PatchAsJsonAsync($"/api/features/{featureId}", new { cohorts = new[] { "a", "b" } });

        await ShouldBeProblemAsync(tooMany, HttpStatusCode.BadRequest, "MaxCohorts");
        enough.StatusCode.Should().Be(HttpStatusCode.OK, "Limits:MaxCohorts is 2 here, not the 32 the endpoint once hard-coded");
    }

    private const string Owner = "limits-owner";

    private static string Points(int count)
    {
        var ts = DateTimeOffset.UtcNow.AddSeconds(-30).ToString("O");
        return JsonSerializer.Serialize(Enumerable.Range(0, count).Select(i => new { id = $"p{i}-{Guid.NewGuid():N}", ts, value = i }));
    }

    /// <summary>A body of unknown length: Kestrel receives it with Transfer-Encoding: chunked.</summary>
    private static HttpContent Chunked(string json)
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private async Task<string> CockpitAsync()
    {
        if ((await _admin.GetAsync($"/api/users/{Owner}")).StatusCode == HttpStatusCode.NotFound)
        {
            await api.CreateUserAsync(Owner, "operator");
        }

        var id = ApiFactory.NewId("cp");
        (await _admin.PostAsJsonAsync("/api/cockpits", new { id, ownerId = Owner, title = "Limits" })).StatusCode.Should().Be(HttpStatusCode.Created);
        return id;
    }

    private Task<HttpResponseMessage> PatchAsync(string cockpit, object patch) =>
        _admin.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/cockpits/{cockpit}")
        {
            Content = new StringContent(JsonSerializer.Serialize(patch), Encoding.UTF8, "application/merge-patch+json"),
        });

    /// <summary>A release of a fresh feature with the widget fields (and other fields) given overriding a valid one.</summary>
    private async Task<HttpResponseMessage> ReleaseAsync(Dictionary<string, object?>? widgetFields, object? other = null)
    {
        var feature = ApiFactory.NewId("feat");
        (await _admin.PostAsJsonAsync("/api/features", new { id = feature, name = "Limits", description = "limits" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var widget = new Dictionary<string, object?> { ["type"] = "html", ["title"] = "T", ["w"] = 3, ["h"] = 2, ["html"] = "<p>x</p>", ["css"] = "", ["config"] = new { } };
        foreach (var (key, value) in widgetFields ?? [])
        {
            widget[key] = value;
        }

        var release = new Dictionary<string, object?>
        {
            ["version"] = "1.0.0", ["changeType"] = "safe", ["widget"] = widget, ["injection"] = new { mode = "append" }, ["dependencies"] = Array.Empty<string>(),
        };
        if (other is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(other).EnumerateObject())
            {
                release[property.Name] = property.Value;
            }
        }

        return await _admin.PostAsJsonAsync($"/api/features/{feature}/releases", release);
    }

    private static async Task<JsonElement> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string setting)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        text.Should().Contain(setting, "the refusal names the setting that decided it");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Small limits, so a test reaches each of them with a few kilobytes.</summary>
    public sealed class Host : KestrelApiFactory
    {
        public const int BodyBytes = 1024;
        public const int KpiBodyBytes = 2048;
        public const int HtmlChars = 300;
        public const int CssChars = 200;
        public const int ScriptChars = 100;
        public const int ConfigBytes = 256;
        public const int NoteChars = 50;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Limits:MaxBodyBytes"] = $"{BodyBytes}",
            ["Limits:MaxKpiBodyBytes"] = $"{KpiBodyBytes}",
            ["Limits:MaxWidgetHtmlChars"] = $"{HtmlChars}",
            ["Limits:MaxWidgetCssChars"] = $"{CssChars}",
            ["Limits:MaxWidgetScriptChars"] = $"{ScriptChars}",
            ["Limits:MaxWidgetConfigBytes"] = $"{ConfigBytes}",
            ["Limits:MaxDocumentBytes"] = "3072",
            ["Limits:MaxReleaseNoteChars"] = $"{NoteChars}",
            ["Limits:MaxDependencies"] = "2",
            ["Limits:MaxCohorts"] = "2",
        };
    }
}
