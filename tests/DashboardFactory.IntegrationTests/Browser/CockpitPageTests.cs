using System.Net;
using System.Text.Json.Nodes;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.Streams;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// The operator's cockpit page in a real headless Chromium against the real API on Kestrel (API.md "Browser pages"):
/// live values, the period selector, factory updates and rollbacks, customize mode, reconnects, phone width.
/// </summary>
public sealed class CockpitPageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    static CockpitPageTests() => SetDefaultExpectTimeout(20_000);

    [Fact]
    public async Task ThePageLoadsItsLiveWidgetsWithNoConsoleErrorAndNoFailedRequest()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        await browser.FirstValuesAsync();
        var page = browser.Page;

        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-cockpit-version", "1.0.0");
        await Expect(page.Locator("[data-widget-id=stat] [data-role=value]")).ToHaveTextAsync("40.0");
        await Expect(page.Locator("[data-widget-id=stat]")).ToContainTextAsync("u/h");
        await Expect(page.Locator("[data-widget-id=stat] [data-role=trend]")).ToContainTextAsync("+10.0");
        await Expect(page.Locator("[data-widget-id=chart]")).ToHaveAttributeAsync("data-points", "4");
        await Expect(page.Locator("[data-widget-id=chart] canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-widget-id=tbl] table tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-widget-id=note]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Hello"));
        await Expect(page.Locator("[data-widget-id=note] select[data-role=period]")).ToHaveCountAsync(0);
        foreach (var id in new[] { "stat", "chart", "tbl" })
        {
            var widget = page.Locator($"[data-widget-id={id}]");
            await Expect(widget).ToHaveAttributeAsync("data-kpi", cockpit.Kpi);
            await Expect(widget).ToHaveAttributeAsync("data-period", "minute");
            await Expect(widget.Locator("select[data-role=period]")).ToHaveValueAsync("minute");
        }

        browser.Problems.Should().BeEmpty("the page must load cleanly");
    }

    [Fact]
    public async Task AValueOnScreenChangesAfterPointsAreIngestedThroughTheApi()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var value = browser.Page.Locator("[data-widget-id=stat] [data-role=value]");
        await Expect(value).ToHaveTextAsync("40.0");

        await cockpit.IngestAsync(60);

        await Expect(value).ToHaveTextAsync("50.0"); // avg of 40 and 60 in the open minute
        await Expect(browser.Page.Locator("[data-widget-id=tbl] tbody tr").First).ToContainTextAsync("50");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ThePeriodSelectorSwitchesAWidgetToTheHourAndMovesItsSubscription()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        await browser.FirstValuesAsync();
        var page = browser.Page;

        // The stat card alone moves to the hour; the chart and table keep the minute subscription alive.
        await page.Locator("[data-widget-id=stat] select[data-role=period]").SelectOptionAsync("hour");

        await Expect(page.Locator("[data-widget-id=stat]")).ToHaveAttributeAsync("data-period", "hour");
        await Expect(page.Locator("[data-widget-id=stat] [data-role=value]")).ToHaveTextAsync("25.0"); // avg of 10..40 in this hour
        var subscribers = await Eventually.Async(
            async () => await (await app.Admin().GetAsync($"/api/kpis/{cockpit.Kpi}/subscribers")).ShouldBeJsonAsync(HttpStatusCode.OK),
            s => s.GetProperty("hour").GetInt32() == 1);
        subscribers.GetProperty("hour").GetInt32().Should().Be(1, "the page subscribed to the hour");
        subscribers.GetProperty("minute").GetInt32().Should().Be(1, "the chart and table still watch the minute");

        await page.Locator("[data-widget-id=chart] select[data-role=period]").SelectOptionAsync("hour");
        await page.Locator("[data-widget-id=tbl] select[data-role=period]").SelectOptionAsync("hour");
        var after = await Eventually.Async(
            async () => await (await app.Admin().GetAsync($"/api/kpis/{cockpit.Kpi}/subscribers")).ShouldBeJsonAsync(HttpStatusCode.OK),
            s => s.GetProperty("minute").GetInt32() == 0);
        after.GetProperty("minute").GetInt32().Should().Be(0, "the old period is unsubscribed once no widget shows it");
        await Expect(page.Locator("[data-widget-id=chart]")).ToHaveAttributeAsync("data-points", "1");

        await cockpit.IngestAsync(100);
        await Expect(page.Locator("[data-widget-id=stat] [data-role=value]")).ToHaveTextAsync("40.0"); // avg of 10, 20, 30, 40, 100
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ARolloutShowsTheToastAndTheAutomaticReloadBringsTheNewWidget()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        var (featureId, version) = await cockpit.RollOutFeatureAsync("Downtime log");

        var toast = page.Locator("[role=status]");
        await Expect(toast).ToContainTextAsync($"version {version}");
        await Expect(toast).ToContainTextAsync(featureId);
        await Expect(page.Locator("[data-role=reload-now]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-role=later]")).ToBeVisibleAsync();

        // No click: the page reloads by itself (Pages:AutoReloadSeconds, 10 by default, 2 in these tests).
        await Expect(page.Locator($"[data-feature-id={featureId}]")).ToContainTextAsync("Downtime log");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-cockpit-version", version);
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ReloadNowReloadsAtOnceAndLaterSuppressesTheAutomaticReload()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;
        var before = (await cockpit.DocumentAsync()).GetProperty("version").GetString()!;
        await page.EvaluateAsync("() => { window.dfSameDocument = true; }");

        var (first, version) = await cockpit.RollOutFeatureAsync("Scrap rate");
        await page.Locator("[data-role=later]").ClickAsync();
        await Expect(page.Locator("[data-role=countdown]")).ToContainTextAsync("whenever you are ready");

        // Well past the automatic reload: still the same document, still the old version on screen.
        await page.WaitForTimeoutAsync(BrowserApp.AutoReloadSeconds * 1000 * 2 + 500);
        (await page.EvaluateAsync<bool>("() => window.dfSameDocument === true")).Should().BeTrue("Later keeps the page as it is");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-cockpit-version", before);
        await Expect(page.Locator($"[data-feature-id={first}]")).ToHaveCountAsync(0);

        await page.Locator("[data-role=reload-now]").ClickAsync();
        await Expect(page.Locator($"[data-feature-id={first}]")).ToHaveCountAsync(1);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-cockpit-version", version);
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ARollbackShowsItsReasonInAnAlert()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        var (featureId, _) = await cockpit.RollOutFeatureAsync("Bad widget");
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        await Expect(browser.Page.Locator($"[data-feature-id={featureId}]")).ToHaveCountAsync(1);

        await cockpit.RollBackAsync(featureId, "XSS found in the widget");

        var alert = browser.Page.Locator("[role=alert]").Filter(new() { HasText = "XSS found in the widget" });
        await Expect(alert).ToHaveCountAsync(1);
        await Expect(alert).ToContainTextAsync(featureId);
        await Expect(browser.Page.Locator("[role=status]")).ToContainTextAsync($"removed {featureId}");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task AWidgetDraggedAndSavedStaysAfterAReloadAndAfterALaterRolloutOfAnotherFeature()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        await page.Locator("[data-role=customize]").ClickAsync();
        await Expect(page.Locator("[data-role=customize-panel]")).ToBeVisibleAsync();
        await DragDownAsync(page, "section[data-widget-id=note] .widget-title", pixels: 3 * 88);
        var moved = await page.Locator("[data-widget-row=note] input[data-axis=y]").InputValueAsync();
        moved.Should().BeOneOf(["4", "5", "6"], "the drag moved the note about three rows down, from row 2");
        await page.Locator("[data-role=save]").ClickAsync();
        await Expect(page.Locator("[data-role=customize-panel]")).ToHaveCountAsync(0);

        var saved = await cockpit.DocumentAsync();
        var y = saved.GetProperty("widgets").GetProperty("note").GetProperty("y").GetInt32();
        y.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(moved, "Save sent the new position");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-widget-id=note]")).ToHaveAttributeAsync("data-y", moved);

        var later = await cockpit.RollOutFeatureAsync("Energy use");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-cockpit-version", later.Version); // reloaded by itself
        await Expect(page.Locator("[data-widget-id=note]")).ToHaveAttributeAsync("data-y", moved);
        (await cockpit.DocumentAsync()).GetProperty("widgets").GetProperty("note").GetProperty("y").GetInt32().Should().Be(y, "the rollout kept the operator's move");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task SaveAfterAConcurrentChangeSaysChangedElsewhereAndKeepsTheEdits()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;
        await page.Locator("[data-role=customize]").ClickAsync();
        var title = page.Locator("[data-widget-row=stat] input[data-role=title]");
        await title.FillAsync("Throughput (mine)");

        await cockpit.PatchAsync(new JsonObject { ["title"] = "Renamed by the shift lead" });
        await page.Locator("[data-role=save]").ClickAsync();

        await Expect(page.Locator("[data-role=customize-status]")).ToContainTextAsync("changed elsewhere");
        await Expect(title).ToHaveValueAsync("Throughput (mine)");
        await Expect(page.Locator("[data-widget-id=stat] .widget-title")).ToHaveTextAsync("Throughput (mine)");
        (await cockpit.DocumentAsync()).GetProperty("widgets").GetProperty("stat").GetProperty("title").GetString()
            .Should().Be("Throughput", "the stale save changed nothing");
        browser.Problems.Should().ContainSingle(p => p.Contains("HTTP 412", StringComparison.Ordinal), "only the refused save failed: {0}", string.Join("; ", browser.Problems));

        await page.Locator("[data-role=save-anyway]").ClickAsync();
        await Expect(page.Locator("[data-role=customize-panel]")).ToHaveCountAsync(0);
        var after = await cockpit.DocumentAsync();
        after.GetProperty("widgets").GetProperty("stat").GetProperty("title").GetString().Should().Be("Throughput (mine)");
        after.GetProperty("title").GetString().Should().Be("Renamed by the shift lead", "saving anyway sends only the operator's own edits");
    }

    [Fact]
    public async Task CancelPutsThePageBackAsItWas()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        await page.Locator("[data-role=customize]").ClickAsync();
        await page.Locator("[data-widget-row=stat] input[data-role=title]").FillAsync("Changed");
        await page.Locator("[data-widget-row=note] input[data-role=visible]").UncheckAsync();
        await page.Locator("[data-role=cancel]").ClickAsync();

        await Expect(page.Locator("[data-role=customize-panel]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-widget-id=stat] .widget-title")).ToHaveTextAsync("Throughput");
        await Expect(page.Locator("[data-widget-id=note]")).ToBeVisibleAsync();
        await Expect(page.Locator("main.grid-stack")).ToHaveCountAsync(0);
        (await page.Locator("[data-widget-id=note]").GetAttributeAsync("style")).Should().Be("grid-column:1 / span 3;grid-row:3 / span 1");
        (await cockpit.DocumentAsync()).GetProperty("widgets").GetProperty("stat").GetProperty("title").GetString().Should().Be("Throughput");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task WidgetCssAndThemeCssEditedInCustomizeModeApplyAfterSaving()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        await page.Locator("[data-role=customize]").ClickAsync();
        await page.Locator("[data-widget-row=note] summary").ClickAsync();
        await page.Locator("[data-widget-row=note] [data-role=css]").FillAsync("p { color: rgb(200, 0, 0); }");
        await page.Locator("[data-role=theme-css]").FillAsync("body { background: rgb(1, 2, 3); }");
        await page.Locator("[data-role=save]").ClickAsync();

        // CSS is sanitized and scoped by the server, so the save reloads the page to show it.
        await Expect(page.Locator("section[data-widget-id=note] p")).ToHaveCSSAsync("color", "rgb(200, 0, 0)");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(1, 2, 3)");
        await Expect(page.Locator("section[data-widget-id=stat] .widget-title")).Not.ToHaveCSSAsync("color", "rgb(200, 0, 0)");
        var document = await cockpit.DocumentAsync();
        document.GetProperty("theme").GetProperty("css").GetString().Should().Be("body { background: rgb(1, 2, 3); }");
        document.GetProperty("widgets").GetProperty("note").GetProperty("css").GetString().Should().Be("p { color: rgb(200, 0, 0); }");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task AWidgetResizedByItsTypedSizeIsSavedWithTheNewSize()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        await page.Locator("[data-role=customize]").ClickAsync();
        var width = page.Locator("[data-widget-row=note] input[data-axis=w]");
        await width.FillAsync("6");
        await width.PressAsync("Tab");
        await page.Locator("[data-role=save]").ClickAsync();
        await Expect(page.Locator("[data-role=customize-panel]")).ToHaveCountAsync(0);

        await Expect(page.Locator("section[data-widget-id=note]")).ToHaveAttributeAsync("data-w", "6");
        (await cockpit.DocumentAsync()).GetProperty("widgets").GetProperty("note").GetProperty("w").GetInt32().Should().Be(6);
        await page.ReloadAsync();
        await Expect(page.Locator("section[data-widget-id=note]")).ToHaveAttributeAsync("data-w", "6");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task AnOperatorHidesAWidgetAndAddsAKpiWidgetOfTheirOwn()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        await page.Locator("[data-role=customize]").ClickAsync();
        await page.Locator("[data-widget-row=note] input[data-role=visible]").UncheckAsync();
        await page.Locator("[data-role=add-type]").SelectOptionAsync("stat_card");
        await page.Locator("[data-role=add-kpi]").FillAsync(cockpit.Kpi);
        await page.Locator("[data-role=add-period]").SelectOptionAsync("minute");
        await page.Locator("[data-role=add-title]").FillAsync("My throughput");
        await page.Locator("[data-role=add-widget] button[type=submit]").ClickAsync();
        await page.Locator("[data-role=save]").ClickAsync();

        // The save reloads the page (a new widget is rendered by the server); it comes up live.
        var mine = page.Locator("[data-widget-type=stat_card]").Filter(new() { HasText = "My throughput" });
        await Expect(mine.Locator("[data-role=value]")).ToHaveTextAsync("40.0");
        await Expect(page.Locator("[data-widget-id=note]")).ToHaveCountAsync(0);
        var document = await cockpit.DocumentAsync();
        var widgets = document.GetProperty("widgets");
        widgets.GetProperty("note").GetProperty("hidden").GetBoolean().Should().BeTrue();
        var added = widgets.EnumerateObject().Single(w => w.Name.StartsWith("my-", StringComparison.Ordinal)).Value;
        added.TryGetProperty("featureId", out var feature).Should().BeFalse("an operator's own widget has no feature: {0}", feature);
        added.GetProperty("config").GetProperty("kpi").GetString().Should().Be(cockpit.Kpi);
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ADroppedConnectionGoesReconnectingThenConnectedAndValuesFlowAgain()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;
        await page.EvaluateAsync("""
            () => {
              window.dfStates = [];
              new MutationObserver(() => window.dfStates.push(document.body.dataset.connection))
                .observe(document.body, { attributes: true, attributeFilter: ['data-connection'] });
            }
            """);

        app.Connections.DropAll(cockpit.Owner).Should().Be(1, "the page holds one hub connection");

        await page.WaitForFunctionAsync("() => window.dfStates.includes('reconnecting') && document.body.dataset.connection === 'connected'");
        await Eventually.Async(() => Task.FromResult(app.Connections.OpenFor(cockpit.Owner)), n => n == 1);
        await Eventually.Async(
            async () => await (await app.Admin().GetAsync($"/api/kpis/{cockpit.Kpi}/subscribers")).ShouldBeJsonAsync(HttpStatusCode.OK),
            s => s.GetProperty("minute").GetInt32() == 1);
        await cockpit.IngestAsync(70);
        await Expect(page.Locator("[data-widget-id=stat] [data-role=value]")).ToHaveTextAsync("55.0");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task AfterAReconnectThePageOffersTheReloadForAnUpdateItMissed()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        // The hub connection is cut and every reconnect refused while a rollout happens: its cockpitUpdated never
        // reaches this page. (Refusing the negotiate request, not going offline: an offline page would not see
        // the server's close either and would only notice after the client's 30 s server timeout.)
        var refused = 0;
        await page.RouteAsync("**/hubs/cockpit/negotiate*", route => { Interlocked.Increment(ref refused); return route.AbortAsync(); });
        app.Connections.DropAll(cockpit.Owner).Should().Be(1, "the page holds one hub connection");
        await page.WaitForFunctionAsync("() => document.body.dataset.connection !== 'connected'");
        await Eventually.Async(() => Task.FromResult(Volatile.Read(ref refused)), n => n >= 1);
        var (featureId, _) = await cockpit.RollOutFeatureAsync("Missed while offline");
        await page.UnrouteAllAsync();

        // The next retry comes within the backoff's longest step (10-15 s).
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("while the connection was down", new() { Timeout = 45_000 });
        await Expect(page.Locator("[role=status]")).ToContainTextAsync(featureId);
    }

    [Fact]
    public async Task AtPhoneWidthWidgetsStackInOneColumnWithNoHorizontalScroll()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync(390, 844);
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        await browser.FirstValuesAsync();
        var page = browser.Page;

        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
            .Should().BeTrue("nothing may scroll sideways at 390 px");
        var lefts = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('.widget')].map(w => Math.round(w.getBoundingClientRect().left))");
        lefts.Distinct().Should().ContainSingle("every widget starts at the same left edge: one column");
        var widths = await page.EvaluateAsync<double[]>("() => [...document.querySelectorAll('.widget')].map(w => w.getBoundingClientRect().width)");
        widths.Should().OnlyContain(w => w > 300, "each widget takes the whole width");
        await Expect(page.Locator("[data-widget-id=stat] [data-role=value]")).ToHaveTextAsync("40.0");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task TheTokenMovesIntoSessionStorageAndOutOfTheAddressBarAndSurvivesAReload()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        page.Url.Should().NotContain("access_token").And.EndWith($"/cockpits/{cockpit.CockpitId}");
        (await page.EvaluateAsync<string>("() => sessionStorage.getItem('df.token')")).Should().Be(cockpit.Token);

        await page.ReloadAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected'");
        await Expect(page.Locator("[data-widget-id=stat] [data-role=value]")).ToHaveTextAsync("40.0");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task APageOpenedWithATicketShowsLiveValuesWithoutEverHoldingAToken()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        var ticket = await cockpit.OwnerClient.TicketAsync($"cockpit:{cockpit.CockpitId}");
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;

        await page.GotoAsync($"/cockpits/{cockpit.CockpitId}?ticket={Uri.EscapeDataString(ticket)}");
        await browser.FirstValuesAsync();
        await page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected'");
        var value = page.Locator("[data-widget-id=stat] [data-role=value]");
        await Expect(value).ToHaveTextAsync("40.0");
        await cockpit.IngestAsync(60);

        await Expect(value).ToHaveTextAsync("50.0"); // pushed over the hub the cookie opened
        page.Url.Should().NotContain("ticket").And.EndWith($"/cockpits/{cockpit.CockpitId}");
        (await page.EvaluateAsync<int>("() => sessionStorage.length")).Should().Be(0, "the page holds no credential a script could read");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task WithoutATokenTheBrowserGoesToLoginAndComesBackAfterSigningIn()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;

        await page.GotoAsync($"/cockpits/{cockpit.CockpitId}");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?returnUrl="));
        await page.GetByLabel("Access token").FillAsync("op-nobody.not-a-valid-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("[data-role=login-error]")).ToContainTextAsync("not valid");

        await page.GetByLabel("Access token").FillAsync(cockpit.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/cockpits/{cockpit.CockpitId}$"));
        await page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected'");
        await Expect(page.Locator("[data-widget-id=stat] [data-role=value]")).ToHaveTextAsync("40.0");
    }

    [Fact]
    public async Task ControlsAreReachableByKeyboardWithLabelsAndAVisibleFocus()
    {
        var cockpit = await PageScenario.CreateAsync(app);
        await using var browser = await app.NewPageAsync();
        await browser.OpenCockpitAsync(cockpit.CockpitId, cockpit.Token);
        var page = browser.Page;

        var reached = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateAsync<string>("() => { const e = document.activeElement; return (e.dataset.role || e.tagName) + '|' + (e.getAttribute('aria-label') || e.textContent.trim()); }"));
            var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
            outline.Should().NotBe("none", "{0} shows where the focus is", reached[^1]);
        }

        reached.Should().Contain("customize|Customize");
        reached.Should().Contain(r => r.StartsWith("period|Period of Throughput", StringComparison.Ordinal));
        browser.Problems.Should().BeEmpty();
    }

    /// <summary>Drags by the mouse, as a person does: press on the handle, move down in steps, release.</summary>
    private static async Task DragDownAsync(IPage page, string handle, int pixels)
    {
        var from = await page.Locator(handle).BoundingBoxAsync() ?? throw new InvalidOperationException($"{handle} is not on screen");
        var (x, y) = (from.X + 10, from.Y + (from.Height / 2));
        await page.Mouse.MoveAsync(x, y);
        await page.Mouse.DownAsync();
        for (var step = 1; step <= 10; step++)
        {
            await page.Mouse.MoveAsync(x, y + (pixels * step / 10f));
        }

        await page.Mouse.UpAsync();
    }
}
