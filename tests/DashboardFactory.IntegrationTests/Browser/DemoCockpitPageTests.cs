using static Microsoft.Playwright.Assertions;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>What a newcomer sees after `dotnet run --project src/Api`: the demo fleet's cockpits, live.</summary>
public sealed class DemoCockpitPageTests(DemoCockpitPageTests.DemoApp app) : IClassFixture<DemoCockpitPageTests.DemoApp>
{
    /// <summary>The embedded default with its demo data, the KPI feed every second and a short history.</summary>
    public sealed class DemoApp : BrowserApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Demo:Enabled"] = "true",
            ["Demo:Kpis:Interval"] = "00:00:01",
            ["Demo:Kpis:Backfill"] = "00:30:00",
        };
    }

    [Fact]
    public async Task ADemoCockpitShowsLiveStatCardsAChartAndATableWhoseNumbersMoveWithinSeconds()
    {
        await using var browser = await app.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"/cockpits/cockpit-001?access_token={BrowserApp.AdminToken}");
        await page.WaitForFunctionAsync("() => document.body.dataset.connection === 'connected'", null, new() { Timeout = 60_000 });
        await browser.FirstValuesAsync();

        await Expect(page.Locator("[data-widget-type=stat_card] [data-role=value]").First).Not.ToHaveTextAsync("–");
        await Expect(page.Locator("[data-widget-type=line_chart][data-kpi=perfect_order]")).Not.ToHaveAttributeAsync("data-points", "0");
        await Expect(page.Locator("[data-widget-type=table] tbody tr")).ToHaveCountAsync(3);

        // The feed posts a point a second: the table's figures change while we watch.
        var before = await page.Locator("[data-widget-type=table] tbody").InnerTextAsync();
        await page.WaitForFunctionAsync(
            "before => document.querySelector('[data-widget-type=table] tbody').innerText !== before", before, new() { Timeout = 30_000 });
        browser.Problems.Should().BeEmpty();
    }
}
