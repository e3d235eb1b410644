using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DashboardFactory.Api.Pages;
using DashboardFactory.IntegrationTests.Browser;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Pages;

/// <summary>What the pages get over HTTP: built assets, the page with its security headers, sign-in, the first values.</summary>
public sealed partial class PagesApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task TheCockpitPageReferencesContentHashedAssetsThatAreCachedForAYear()
    {
        var cockpit = await PageScenario.CreateAsync(api);
        var html = await (await api.ClientWithToken(cockpit.Token).GetAsync($"/cockpits/{cockpit.CockpitId}")).Content.ReadAsStringAsync();

        var script = ScriptSrc().Match(html).Groups[1].Value;
        var style = StyleHref().Match(html).Groups[1].Value;
        script.Should().MatchRegex("^/assets/cockpit-[A-Z0-9]{8}\\.js$");
        style.Should().MatchRegex("^/assets/cockpit-[A-Z0-9]{8}\\.css$");
        html.Should().NotContain(CockpitRendererPlaceholder, "the node put its assets where the grain left the placeholder");
        foreach (var asset in new[] { script, style })
        {
            var response = await api.CreateClient().GetAsync(asset);
            response.StatusCode.Should().Be(HttpStatusCode.OK, "{0} is served to anyone, without a token", asset);
            response.Headers.CacheControl!.ToString().Should().Be("public, max-age=31536000, immutable");
            response.Content.Headers.ContentEncoding.Should().BeEmpty("this client did not ask for compression");
        }
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    public async Task AssetsGoOutPrecompressedWhenTheBrowserTakesIt(string acceptEncoding, string sent)
    {
        var script = ScriptSrc().Match(await CockpitPageAsync()).Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        var response = await api.CreateClient().SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentEncoding.Should().Equal(sent);
        response.Headers.Vary.Should().Contain("Accept-Encoding");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
    }

    [Theory]
    [InlineData("/assets/nothing-here.js")]
    [InlineData("/assets/../appsettings.json")]
    [InlineData("/assets/%2e%2e/appsettings.json")]
    [InlineData("/assets/chunks/../../appsettings.json")]
    [InlineData("/assets/manifest.json.gz")]
    [InlineData("/assets/a/b/c.js")]
    public async Task AnythingButABuiltAssetIsNotFound(string path) =>
        (await api.CreateClient().GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound);

    [Fact]
    public async Task ThePageCarriesItsPolicyAsAHeaderWithFrameAncestorsAndNoReferrer()
    {
        var cockpit = await PageScenario.CreateAsync(api);
        var response = await api.ClientWithToken(cockpit.Token).GetAsync($"/cockpits/{cockpit.CockpitId}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'").And.EndWith("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().Should().Be("no-referrer");
    }

    [Fact]
    public async Task AnotherOperatorGetsNotFoundForTheCockpitPageAndItsLiveData()
    {
        var cockpit = await PageScenario.CreateAsync(api);
        var stranger = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));

        (await stranger.GetAsync($"/cockpits/{cockpit.CockpitId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/cockpits/{cockpit.CockpitId}/widgets/data")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await api.Admin().GetAsync($"/cockpits/{cockpit.CockpitId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABrowserWithoutATokenIsSentToLoginAndAnApiClientGets401()
    {
        var cockpit = await PageScenario.CreateAsync(api);
        var client = api.CreateClient(new() { AllowAutoRedirect = false });
        using var browser = new HttpRequestMessage(HttpMethod.Get, $"/cockpits/{cockpit.CockpitId}");
        browser.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");

        var redirected = await client.SendAsync(browser);
        var plain = await client.GetAsync($"/cockpits/{cockpit.CockpitId}");

        redirected.StatusCode.Should().Be(HttpStatusCode.Redirect);
        redirected.Headers.Location!.OriginalString.Should().Be($"/login?returnUrl=%2Fcockpits%2F{cockpit.CockpitId}");
        plain.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AQueryTokenOnAPageBecomesASessionCookieThatOnlyPagesAccept()
    {
        var cockpit = await PageScenario.CreateAsync(api);
        var client = api.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        var first = await client.GetAsync($"/cockpits/{cockpit.CockpitId}?access_token={Uri.EscapeDataString(cockpit.Token)}");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var cookie = first.Headers.GetValues("Set-Cookie").Single();
        cookie.Should().StartWith($"{PageSession.CookieName}=").And.Contain("httponly").And.Contain("samesite=lax").And.Contain("path=/");
        var pair = cookie.Split(';')[0];

        using var reload = new HttpRequestMessage(HttpMethod.Get, $"/cockpits/{cockpit.CockpitId}");
        reload.Headers.Add("Cookie", pair);
        (await client.SendAsync(reload)).StatusCode.Should().Be(HttpStatusCode.OK, "a reload of the page needs no token in the address");

        using var apiCall = new HttpRequestMessage(HttpMethod.Get, $"/api/cockpits/{cockpit.CockpitId}");
        apiCall.Headers.Add("Cookie", pair);
        (await client.SendAsync(apiCall)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the API never takes the page cookie");

        using var write = new HttpRequestMessage(HttpMethod.Post, $"/cockpits/{cockpit.CockpitId}");
        write.Headers.Add("Cookie", pair);
        (await client.SendAsync(write)).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task LoginChecksTheTokenAndSetsTheCookieAndLogoutForgetsIt()
    {
        var client = api.CreateClient(new() { HandleCookies = false });
        var page = await client.GetAsync("/login?returnUrl=%2F%2Fevil.example");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("data-role=\"login-form\"").And.NotContain("evil.example", "an address off this site is not a place to return to");
        page.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("frame-ancestors 'none'");

        using var bad = new HttpRequestMessage(HttpMethod.Post, "/login");
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "op-nobody.not-a-valid-secret");
        (await client.SendAsync(bad)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        using var good = new HttpRequestMessage(HttpMethod.Post, "/login");
        good.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdminToken);
        var signedIn = await client.SendAsync(good);
        signedIn.StatusCode.Should().Be(HttpStatusCode.NoContent);
        signedIn.Headers.GetValues("Set-Cookie").Single().Should().StartWith($"{PageSession.CookieName}=");

        var signedOut = await client.PostAsync("/logout", null);
        signedOut.StatusCode.Should().Be(HttpStatusCode.NoContent);
        signedOut.Headers.GetValues("Set-Cookie").Single().Should().Contain("expires=Thu, 01 Jan 1970");
    }

    [Fact]
    public async Task TheFirstValuesOfEveryLiveWidgetComeInOneAnswer()
    {
        var cockpit = await PageScenario.CreateAsync(api);

        var body = await (await cockpit.OwnerClient.GetAsync($"/api/cockpits/{cockpit.CockpitId}/widgets/data")).ShouldBeJsonAsync(HttpStatusCode.OK);

        body.GetProperty("cockpitId").GetString().Should().Be(cockpit.CockpitId);
        body.GetProperty("staleAfterSeconds").GetDouble().Should().Be(300);
        var widgets = body.GetProperty("widgets");
        widgets.EnumerateObject().Select(w => w.Name).Should().BeEquivalentTo(["stat", "chart", "tbl"], "the html note is not live");
        widgets.GetProperty("stat").GetProperty("kpis").EnumerateArray().Select(k => k.GetString()).Should().Equal($"{cockpit.Kpi}:minute");
        var kpis = body.GetProperty("kpis");
        kpis.EnumerateObject().Should().ContainSingle("three widgets on one KPI and period share one entry");
        var data = kpis.GetProperty($"{cockpit.Kpi}:minute");
        data.GetProperty("current").GetProperty("avg").GetDouble().Should().Be(40);
        data.GetProperty("series").GetArrayLength().Should().Be(4);
    }

    [Fact]
    public async Task AWidgetsDataCanBeAskedForAnotherPeriod()
    {
        var cockpit = await PageScenario.CreateAsync(api);

        var hour = await (await cockpit.OwnerClient.GetAsync($"/api/cockpits/{cockpit.CockpitId}/widgets/stat/data?period=hour")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var bad = await cockpit.OwnerClient.GetAsync($"/api/cockpits/{cockpit.CockpitId}/widgets/stat/data?period=week");

        hour.GetProperty("period").GetString().Should().Be("hour");
        hour.GetProperty("current").GetProperty("avg").GetDouble().Should().Be(25);
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("period", out _).Should().BeTrue();
    }

    [Fact]
    public async Task TheKpiListNamesEveryKpiWithData()
    {
        var cockpit = await PageScenario.CreateAsync(api);

        var body = await (await cockpit.OwnerClient.GetAsync("/api/kpis")).ShouldBeJsonAsync(HttpStatusCode.OK);

        body.GetProperty("items").EnumerateArray().Select(i => i.GetString()).Should().Contain(cockpit.Kpi).And.BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task AScriptWidgetsFrameIsSandboxedByItsOwnPolicyAndOnlyForTheOwner()
    {
        var cockpit = await PageScenario.CreateAsync(api);
        var widget = PageScenario.Widget("custom", "Scripted", 0, 5, 3, 2, new System.Text.Json.Nodes.JsonObject());
        widget["script"] = "document.body.append('hi');";
        await cockpit.PatchAsync(new System.Text.Json.Nodes.JsonObject { ["widgets"] = new System.Text.Json.Nodes.JsonObject { ["scripted"] = widget } });
        var stranger = api.ClientWithToken(await api.CreateUserAsync(ApiFactory.NewId("op"), "operator"));

        var frame = await cockpit.OwnerClient.GetAsync($"/cockpits/{cockpit.CockpitId}/widgets/scripted/frame");

        frame.StatusCode.Should().Be(HttpStatusCode.OK);
        frame.Headers.GetValues("Content-Security-Policy").Single().Should().StartWith("sandbox allow-scripts;").And.Contain("default-src 'none'");
        (await frame.Content.ReadAsStringAsync()).Should().Contain("document.body.append('hi');");
        (await stranger.GetAsync($"/cockpits/{cockpit.CockpitId}/widgets/scripted/frame")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await cockpit.OwnerClient.GetAsync($"/cockpits/{cockpit.CockpitId}/widgets/note/frame")).StatusCode.Should().Be(HttpStatusCode.NotFound, "a widget without a script has no frame");
        var page = await (await cockpit.OwnerClient.GetAsync($"/cockpits/{cockpit.CockpitId}")).Content.ReadAsStringAsync();
        page.Should().NotContain("document.body.append", "the script never appears in the page itself");
    }

    private const string CockpitRendererPlaceholder = DashboardFactory.Rendering.CockpitRenderer.AssetsPlaceholder;

    private async Task<string> CockpitPageAsync()
    {
        var cockpit = await PageScenario.CreateAsync(api);
        return await (await api.Admin().GetAsync($"/cockpits/{cockpit.CockpitId}")).Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<script type=\"module\" src=\"([^\"]+)\"")]
    private static partial Regex ScriptSrc();

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StyleHref();
}
