using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardFactory.IntegrationTests.Api;

/// <summary>
/// Generated edge inputs over the KPI, dashboard, series and cockpit/feature write endpoints: calendar edges in every
/// time parameter (year 1 and 9999 with every offset, values outside DateTimeOffset, empty and blank values), odd
/// time ranges and periods, and JSON strings with lone UTF-16 surrogates (legal JSON escapes that are not text) in
/// every text field. Each answer is a success or a 4xx ProblemDetails, never a 5xx, and a refused write changes
/// nothing: the state read before equals the state read after.
/// </summary>
public sealed class EdgeInputTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    /// <summary>Time parameters at and beyond the edges of the calendar DateTimeOffset can hold.</summary>
    private static readonly string[] CalendarEdges =
    [
        "0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "0001-01-01T00:00:00+00:01", "0001-01-01",
        "0001-01-01T00:00:00.0000001Z", "0001-01-02T00:00:00+14:00", "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59+14:00",
        "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59-00:01", "9999-12-31", "9999-12-31T00:00:00Z", "0000-01-01T00:00:00Z",
        "10000-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01T00:00:00+99:00", "2024-01-01T00:00:00+14:01", "2024-01-01T24:00:00Z",
        "1970-01-01T00:00:00Z", "", " ", "now", "-1", "99999999999999999999", "\u0000", "2024-01-01T00:00:00+14:00", "2024-01-01T00:00:00-14:00",
    ];

    /// <summary>JSON string bodies (without quotes) that are legal JSON but not well-formed UTF-16 text.</summary>
    private static readonly string[] BadText = [@"\ud800", @"\udfff", @"a\ud800b", @"\udc00\ud800", @"\ud83d"];

    private readonly HttpClient _admin = api.Admin();
    private readonly List<string> _failures = [];

    [Fact]
    public async Task CalendarEdgesInEveryTimeParameterAreAnsweredWithoutAServerError()
    {
        var (code, cockpit, widget) = await FixturesAsync();
        var before = await StateAsync(code, cockpit, null);
        var urls = new List<string>();
        var past = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-3).ToString("O"));
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
        foreach (var raw in CalendarEdges)
        {
            var e = Uri.EscapeDataString(raw);
            foreach (var period in new[] { "minute", "day" })
            {
                urls.Add($"/api/kpis/{code}/series?period={period}&from={e}");
                urls.Add($"/api/kpis/{code}/series?period={period}&to={e}");
                urls.Add($"/api/kpis/{code}/series?period={period}&from={e}&to={e}");
                urls.Add($"/api/kpis/{code}/series?period={period}&from={e}&to={future}");
                urls.Add($"/api/kpis/{code}/series?period={period}&from={past}&to={e}");
            }

            urls.Add($"/api/dashboard/metrics?timeRange=custom&from={e}&to={future}");
            urls.Add($"/api/dashboard/metrics?timeRange=custom&from={past}&to={e}");
            urls.Add($"/api/dashboard/metrics?timeRange=custom&from={e}&to={e}");
            urls.Add($"/api/dashboard/metrics?timeRange=custom&from={e}&to={e}&codes={code}");
            urls.Add($"/api/dashboard/metrics?timeRange={e}");
            urls.Add($"/api/dashboard/metrics?timeRange={e}&from={past}&to={future}");
            urls.Add($"/api/kpis/{code}?period={e}");
            urls.Add($"/api/cockpits/{cockpit}/widgets/{widget}/data?period={e}");
        }

        foreach (var range in new[] { "", " ", "custom", "1h", "24h", "7d", "30d", "1H", "0h", "1h,24h" })
        {
            var r = Uri.EscapeDataString(range);
            urls.Add($"/api/dashboard/metrics?timeRange={r}");
            urls.Add($"/api/dashboard/metrics?timeRange={r}&timeRange=");
            urls.Add($"/api/dashboard/metrics?timeRange={r}&from=&to=");
            urls.Add($"/api/dashboard/metrics?timeRange={r}&codes=");
            urls.Add($"/api/dashboard/metrics?timeRange={r}&codes=,,");
        }

        foreach (var url in urls)
        {
            await ExpectNoServerErrorAsync(HttpMethod.Get, url, null);
        }

        foreach (var raw in CalendarEdges)
        {
            var query = "query($code: ID!, $from: String, $to: String) { kpiSeries(code: $code, period: day, from: $from, to: $to) { count } }";
            foreach (var variables in new object[] { new { code, from = raw }, new { code, to = raw }, new { code, from = raw, to = raw } })
            {
                var response = await _admin.PostAsJsonAsync("/graphql", new { query, variables });
                Record(response.StatusCode == HttpStatusCode.OK && !(await response.Content.ReadAsStringAsync()).Contains("INTERNAL", StringComparison.Ordinal),
                    $"GraphQL kpiSeries {JsonSerializer.Serialize(variables)} -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        _failures.Should().BeEmpty("{0} generated time inputs must answer without a server error", urls.Count);
        (await StateAsync(code, cockpit, null)).Should().Be(before, "reads change nothing");
    }

    [Fact]
    public async Task PointsAtCalendarEdgesAreRejectedOneByOneAndBrokenTextRefusesTheBatchStoringNothing()
    {
        var (code, cockpit, _) = await FixturesAsync();
        var before = await StateAsync(code, cockpit, null);
        var ok = DateTimeOffset.UtcNow.AddSeconds(-30).ToString("O");
        var bodies = new List<string>();
        foreach (var edge in CalendarEdges)
        {
            bodies.Add($$"""[{"id":"{{Guid.NewGuid():N}}","ts":{{JsonSerializer.Serialize(edge)}},"value":1}]""");
        }

        foreach (var body in bodies)
        {
            using var response = await SendAsync(HttpMethod.Post, $"/api/kpis/{code}/points", body);
            var text = await response.Content.ReadAsStringAsync();
            Record(response.StatusCode == HttpStatusCode.Accepted && JsonDocument.Parse(text).RootElement.GetProperty("accepted").GetInt32() == 0,
                $"POST points {body} -> {(int)response.StatusCode} {text}");
        }

        // Text that is not Unicode anywhere in the body refuses the whole batch, as any other unreadable body does.
        var broken = new List<string>();
        foreach (var bad in BadText)
        {
            broken.Add($$"""[{"id":"{{bad}}","ts":"{{ok}}","value":1}]""");
            broken.Add($$"""[{"id":"x","ts":"{{bad}}","value":1}]""");
            broken.Add($$"""[{"id":"x","ts":"{{ok}}","value":1,"{{bad}}":2}]""");
            broken.Add($$"""[{"id":"{{bad}}","ts":"{{bad}}","value":"{{bad}}"}]""");
        }

        foreach (var body in broken)
        {
            using var response = await SendAsync(HttpMethod.Post, $"/api/kpis/{code}/points", body);
            Record(response.StatusCode == HttpStatusCode.BadRequest && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"POST points {body} -> {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        (await StateAsync(code, cockpit, null)).Should().Be(before, "no refused point is stored");

        // GraphQL's own string escapes, on a KPI of their own: the parser decides what \ud800 becomes; either way no server error.
        var other = ApiFactory.NewId("kpi");
        foreach (var bad in BadText)
        {
            var mutation = "mutation { ingestKpiPoints(code: \"" + other + "\", points: [{id: \"" + bad + "\", ts: \"" + ok + "\", value: 1}]) { accepted rejected } }";
            var response = await _admin.PostAsJsonAsync("/graphql", new { query = mutation });
            var text = await response.Content.ReadAsStringAsync();
            Record(response.StatusCode == HttpStatusCode.OK && !text.Contains("INTERNAL", StringComparison.Ordinal) && text.Contains("\"ingestKpiPoints\"", StringComparison.Ordinal),
                $"GraphQL ingestKpiPoints id {bad} -> {(int)response.StatusCode} {text}");
        }

        _failures.Should().BeEmpty();
    }

    [Fact]
    public async Task BrokenTextInAnyWrittenFieldIsABadRequestThatChangesNothing()
    {
        var (code, cockpit, widget) = await FixturesAsync();
        var feature = ApiFactory.NewId("feat");
        (await _admin.PostAsJsonAsync("/api/features", new { id = feature, name = "Edge", description = "edge inputs" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var before = await StateAsync(code, cockpit, feature);
        var writes = new List<(HttpMethod Method, string Url, string Body, string? ContentType)>();
        foreach (var bad in BadText)
        {
            var s = $"\"{bad}\"";
            var patch = "application/merge-patch+json";
            string P(string template) => template.Replace("WID", widget, StringComparison.Ordinal).Replace("CODE", code, StringComparison.Ordinal).Replace("BAD", s, StringComparison.Ordinal);
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"title":BAD}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"theme":{"css":BAD}}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"widgets":{"WID":{"html":BAD}}}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"widgets":{"WID":{"title":BAD}}}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"widgets":{"WID":{"config":{"kpi":"CODE","unit":BAD}}}}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"widgets":{"WID":{"config":{BAD:1}}}}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"widgets":{BAD:null}}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{BAD:1}"""), patch));
            writes.Add((HttpMethod.Patch, $"/api/cockpits/{cockpit}", P("""{"cohorts":[BAD]}"""), patch));
            writes.Add((HttpMethod.Post, "/api/cockpits", $$"""{"id":"{{ApiFactory.NewId("cp")}}","ownerId":"{{OwnerId}}","title":{{s}}}""", null));
            writes.Add((HttpMethod.Post, "/api/cockpits", $$"""{"id":"{{ApiFactory.NewId("cp")}}","ownerId":"{{OwnerId}}","title":"t","cohorts":[{{s}}]}""", null));
            writes.Add((HttpMethod.Post, "/api/features", $$"""{"id":"{{ApiFactory.NewId("feat")}}","name":{{s}},"description":"d"}""", null));
            writes.Add((HttpMethod.Post, "/api/features", $$"""{"id":"{{ApiFactory.NewId("feat")}}","name":"n","description":{{s}}}""", null));
            foreach (var field in new[] { "type", "title", "html", "css", "script" })
            {
                writes.Add((HttpMethod.Post, $"/api/features/{feature}/releases", Release(field, s, null), null));
            }

            writes.Add((HttpMethod.Post, $"/api/features/{feature}/releases", Release(null, s, "config"), null));
            writes.Add((HttpMethod.Post, $"/api/features/{feature}/releases", Release(null, s, "configKey"), null));
            writes.Add((HttpMethod.Post, $"/api/features/{feature}/releases", Release(null, s, "migrationGuide"), null));
            writes.Add((HttpMethod.Post, $"/api/features/{feature}/releases", Release(null, s, "deprecationNotice"), null));
            writes.Add((HttpMethod.Post, $"/api/features/{feature}/releases", Release(null, s, "dependencies"), null));
            writes.Add((HttpMethod.Post, $"/api/features/{feature}/releases", Release(null, s, "cohorts"), null));
            writes.Add((HttpMethod.Post, $"/api/features/{feature}/deprecate", $$"""{"reason":{{s}}}""", null));
            writes.Add((HttpMethod.Post, $"/api/features/{feature}/rollback", $$"""{"reason":{{s}}}""", null));
            writes.Add((HttpMethod.Post, "/api/users", $$"""{"id":"{{ApiFactory.NewId("u")}}","name":{{s}},"role":"operator","xp":1}""", null));
            writes.Add((HttpMethod.Post, $"/api/kpis/{code}/points", $$"""{{{s}}:[]}""", null));
        }

        foreach (var (method, url, body, contentType) in writes)
        {
            using var response = await SendAsync(method, url, body, contentType);
            var text = await response.Content.ReadAsStringAsync();
            Record(response.StatusCode == HttpStatusCode.BadRequest && response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                $"{method} {url} {body} -> {(int)response.StatusCode} {text}");
        }

        await using (var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken))
        {
            foreach (var bad in new[] { "\ud800", "a\udc00", "\udfff\ud800" })
            {
                var subscribe = () => probe.Connection.InvokeAsync<JsonElement>("SubscribeKpi", bad, "minute");
                await subscribe.Should().ThrowAsync<HubException>();
            }

            (await probe.SubscribeAsync(code, "minute")).ValueKind.Should().Be(JsonValueKind.Object, "the connection survives refused calls");
        }

        _failures.Should().BeEmpty("{0} writes with text that is not UTF-16 must be refused as 400 ProblemDetails", writes.Count);
        (await StateAsync(code, cockpit, feature)).Should().Be(before, "refused writes change nothing");
    }

    [Fact]
    public async Task AnObjectThatNamesAMemberTwiceIsABadRequestThatChangesNothing()
    {
        // Found by HostileInputTests: JsonObject throws on a second member of the same name when it is first indexed,
        // so a cockpit patch or a feature patch naming "title" or "owner" twice answered 500.
        var (code, cockpit, widget) = await FixturesAsync();
        var feature = ApiFactory.NewId("feat");
        (await _admin.PostAsJsonAsync("/api/features", new { id = feature, name = "Edge", description = "duplicates" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var before = await StateAsync(code, cockpit, feature);
        var patch = "application/merge-patch+json";
        var writes = new (HttpMethod Method, string Url, string Body, string? ContentType, string Path)[]
        {
            (HttpMethod.Patch, $"/api/cockpits/{cockpit}", """{"title":"a","title":"b"}""", patch, "$.title"),
            (HttpMethod.Patch, $"/api/cockpits/{cockpit}", "{\"widgets\":{\"" + widget + "\":{\"title\":\"a\",\"css\":\"\",\"title\":\"b\"}}}", patch, "$.title"),
            (HttpMethod.Patch, $"/api/features/{feature}", """{"owner":"a","owner":"b"}""", null, "$.owner"),
            (HttpMethod.Post, $"/api/features/{feature}/releases", """{"version":"1.0.0","changeType":"safe","widget":{"type":"t","title":"t","w":3,"h":2,"config":{"kpi":"a","kpi":"b"}}}""", null, "$.kpi"),
            (HttpMethod.Post, $"/api/kpis/{code}/points", $$"""[{"ts":"{{DateTimeOffset.UtcNow.AddSeconds(-5):O}}","value":1,"value":2}]""", null, "$.value"),
        };

        foreach (var (method, url, body, contentType, path) in writes)
        {
            using var response = await SendAsync(method, url, body, contentType);
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("errors").TryGetProperty(path, out _).Should().BeTrue("{0} {1} names {2} twice: {3}", method, url, path, problem);
        }

        (await StateAsync(code, cockpit, feature)).Should().Be(before, "refused writes change nothing");
        using var distinctObjects = await SendAsync(HttpMethod.Patch, $"/api/cockpits/{cockpit}", """{"title":"t","theme":{"css":""},"widgets":{}}""", patch);
        distinctObjects.StatusCode.Should().Be(HttpStatusCode.OK, "the same name in different objects is no duplicate");
    }

    private const string OwnerId = "edge-owner";

    private static string Release(string? widgetField, string badJson, string? otherField)
    {
        string W(string name, string normal) => widgetField == name ? badJson : normal;
        var config = otherField switch
        {
            "config" => $$"""{"kpi":"k","unit":{{badJson}}}""",
            "configKey" => $$"""{{{badJson}}:1}""",
            _ => """{"kpi":"k"}""",
        };
        return $$"""
            {"version":"1.0.0","changeType":"safe",
             "widget":{"type":{{W("type", "\"kpi\"")}},"title":{{W("title", "\"t\"")}},"w":3,"h":2,"html":{{W("html", "\"<p>x</p>\"")}},"css":{{W("css", "\"\"")}},"script":{{W("script", "\"\"")}},"config":{{config}}},
             "injection":{"mode":"append"},
             "dependencies":[{{(otherField == "dependencies" ? badJson : "")}}],
             "cohorts":[{{(otherField == "cohorts" ? badJson : "")}}],
             "migrationGuide":{{(otherField == "migrationGuide" ? badJson : "null")}},
             "deprecationNotice":{{(otherField == "deprecationNotice" ? badJson : "null")}}}
            """;
    }

    private async Task<(string Code, string Cockpit, string Widget)> FixturesAsync()
    {
        var code = ApiFactory.NewId("kpi");
        var ts = DateTimeOffset.UtcNow.AddSeconds(-20).ToString("O");
        var posted = await SendAsync(HttpMethod.Post, $"/api/kpis/{code}/points", $$"""[{"id":"seed","ts":"{{ts}}","value":7}]""");
        (await posted.ShouldBeJsonAsync(HttpStatusCode.Accepted)).GetProperty("accepted").GetInt32().Should().Be(1);
        if ((await _admin.GetAsync($"/api/users/{OwnerId}")).StatusCode == HttpStatusCode.NotFound)
        {
            await api.CreateUserAsync(OwnerId, "operator");
        }

        var cockpit = ApiFactory.NewId("cp");
        (await _admin.PostAsJsonAsync("/api/cockpits", new { id = cockpit, ownerId = OwnerId, title = "Edges" })).StatusCode.Should().Be(HttpStatusCode.Created);
        var widget = "w-edge";
        var patch = """{"widgets":{"WID":{"type":"stat_card","title":"Edge","x":0,"y":0,"w":3,"h":2,"config":{"kpi":"CODE","period":"hour"}}}}"""
            .Replace("WID", widget, StringComparison.Ordinal).Replace("CODE", code, StringComparison.Ordinal);
        (await SendAsync(HttpMethod.Patch, $"/api/cockpits/{cockpit}", patch, "application/merge-patch+json")).StatusCode.Should().Be(HttpStatusCode.OK);
        return (code, cockpit, widget);
    }

    /// <summary>What the refused inputs could have touched, as the API reads it.</summary>
    private async Task<string> StateAsync(string code, string cockpit, string? feature)
    {
        var parts = new List<string>();
        foreach (var url in new[]
        {
            $"/api/kpis/{code}?period=day", $"/api/kpis/{code}/series?period=minute", $"/api/cockpits/{cockpit}", "/api/kpis",
            $"/cockpits/{cockpit}", feature is null ? null : $"/api/features/{feature}", feature is null ? null : $"/api/features/{feature}/history",
        })
        {
            if (url is null)
            {
                continue;
            }

            using var response = await _admin.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, "{0} answers: {1}", url, text);
            parts.Add($"{url}: {(url.StartsWith("/api/kpis/", StringComparison.Ordinal) && !url.Contains("series", StringComparison.Ordinal) ? StripUpdatedAt(text) : text)}");
        }

        return string.Join("\n", parts);
    }

    // updatedAt of a KPI says when it last received data, and stale flips with the clock: neither is something a refused input changed.
    private static string StripUpdatedAt(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return json;
        }

        return string.Join(",", document.RootElement.EnumerateObject().Where(p => p.Name is not ("updatedAt" or "stale")).Select(p => $"{p.Name}={p.Value.GetRawText()}"));
    }

    private async Task ExpectNoServerErrorAsync(HttpMethod method, string url, string? body)
    {
        using var response = await SendAsync(method, url, body);
        var status = (int)response.StatusCode;
        var ok = status < 400 || (status < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json");
        Record(ok, $"{method} {url} -> {status} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? body, string? contentType = null)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType ?? "application/json");
        }

        return _admin.SendAsync(request);
    }

    private void Record(bool ok, string what)
    {
        if (!ok)
        {
            _failures.Add(what.Length > 600 ? what[..600] : what);
        }
    }
}
