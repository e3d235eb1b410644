using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// Seed 000's failure story is a hostile widget rolled out to a fleet. In a real Chromium: a widget's script runs
/// in a sandboxed frame and cannot read the session token, change another widget or navigate the page; widget CSS
/// cannot reach the widgets beside it; images cannot come from hosts outside the allow-list.
/// </summary>
public sealed class WidgetIsolationTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string HostileScript = """
        const results = {};
        function attempt(name, action) {
          try { results[name] = "allowed: " + String(action()); } catch (error) { results[name] = "blocked: " + error.name; }
        }
        attempt("parentToken", () => window.parent.sessionStorage.getItem("df.token"));
        attempt("ownStorage", () => window.sessionStorage.getItem("df.token"));
        attempt("cookie", () => document.cookie);
        attempt("parentDom", () => { window.parent.document.querySelector("[data-widget-id=stat] .widget-title").textContent = "pwned"; return "changed"; });
        attempt("topNavigation", () => { window.top.location.href = "https://evil.example/"; return "navigated"; });
        attempt("popup", () => window.open("https://evil.example/") === null ? "no window" : "opened");
        fetch("/api/cockpits").then(() => "allowed", (error) => "blocked: " + error.name).then((outcome) => {
          results.fetch = outcome;
          dashboard.onKpiValue((value) => window.parent.postMessage({ type: "probe", results, avg: value.avg }, "*"));
        });
        """;

    [Fact]
    public async Task AHostileWidgetScriptCannotReadTheTokenChangeAnotherWidgetOrNavigateThePage()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        var evil = PageScenario.Widget("custom", "Evil", 0, 4, 6, 2, new JsonObject { ["kpi"] = cockpit.Kpi, ["period"] = "minute" });
        evil["script"] = HostileScript;
        await cockpit.PatchAsync(new JsonObject { ["widgets"] = new JsonObject { ["evil"] = evil } });
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        await page.AddInitScriptAsync("window.dfProbes = []; addEventListener('message', (e) => { if (e.data && e.data.type === 'probe') window.dfProbes.push(e.data); });");
        var popups = 0;
        browser.Context.Page += (_, _) => popups++;

        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        await page.WaitForFunctionAsync("() => window.dfProbes.length > 0");
        var report = JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.dfProbes[0])")).RootElement;

        report.GetProperty("avg").GetDouble().Should().Be(40, "the script ran and got its KPI value from the page");
        var results = report.GetProperty("results");
        foreach (var attempt in new[] { "parentToken", "ownStorage", "cookie", "parentDom", "fetch" })
        {
            results.GetProperty(attempt).GetString().Should().StartWith("blocked", "{0} must fail inside the sandbox: {1}", attempt, results);
        }

        results.GetProperty("popup").GetString().Should().NotBe("allowed: opened");
        popups.Should().Be(0, "the sandbox has no allow-popups");
        page.Url.Should().EndWith($"/cockpits/{cockpit.CockpitId}", "the sandbox has no allow-top-navigation: {0}", results.GetProperty("topNavigation"));
        await Expect(page.Locator("section[data-widget-id=stat] .widget-title")).ToHaveTextAsync("Throughput");
        (await page.EvaluateAsync<string>("() => sessionStorage.getItem('df.token')")).Should().Be(cockpit.Token, "the page's own token is untouched");
    }

    [Fact]
    public async Task WidgetCssCannotHideTheWidgetsBesideItAndImagesFromOtherHostsAreNotLoaded()
    {
        var cockpit = await PageScenario.CreateAsync(app);

        // A host outside the allow-list, listening: a connection to it would mean the image was fetched.
        var tracker = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        tracker.Start();
        var outside = $"http://127.0.0.1:{((System.Net.IPEndPoint)tracker.LocalEndpoint).Port}/pixel.png";
        await cockpit.PatchAsync(new JsonObject
        {
            ["widgets"] = new JsonObject
            {
                ["bully"] = new JsonObject
                {
                    ["type"] = "html", ["title"] = "Bully", ["x"] = 0, ["y"] = 5, ["w"] = 3, ["h"] = 1,
                    ["html"] = $"<p>hi</p><img alt=\"tracker\" src=\"{outside}\"><img alt=\"inline\" src=\"data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7\">",
                    ["css"] = ":scope ~ section { display: none; } ~ section { display: none; } :scope + * { display: none; } p { color: rgb(0, 128, 0); }",
                },
            },
        });
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        var blocked = new List<string>();
        page.RequestFailed += (_, request) => blocked.Add($"{request.Url} {request.Failure}");

        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);

        await Expect(page.Locator("section[data-widget-id=bully] p")).ToHaveCSSAsync("color", "rgb(0, 128, 0)");
        foreach (var other in new[] { "stat", "chart", "tbl", "note" })
        {
            await Expect(page.Locator($"section[data-widget-id={other}]")).ToBeVisibleAsync();
        }

        (await page.Locator("img[alt=inline]").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0")).Should().BeTrue("data: images still show");
        await Expect(page.Locator("img[alt=tracker]")).ToHaveJSPropertyAsync("naturalWidth", 0);
        blocked.Should().Contain($"{outside} csp", "img-src allows only this site and data: unless configured");
        tracker.Pending().Should().BeFalse("no connection ever reached the outside host");
        tracker.Stop();
    }
}
