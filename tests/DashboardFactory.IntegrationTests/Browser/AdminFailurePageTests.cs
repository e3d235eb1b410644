using System.Net;
using DashboardFactory.Database;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// The console and the ops board when things go wrong, on PostgreSQL where a write can really fail: a halted
/// campaign says why and which cockpits failed, a rollback lists the cockpits it could not change, and the board
/// lists the schema migrations with their times.
/// </summary>
public sealed class AdminFailurePageTests(AdminPostgresBrowserApp app) : IClassFixture<AdminPostgresBrowserApp>
{
    static AdminFailurePageTests() => SetDefaultExpectTimeout(60_000);

    private async Task<BrowserPage> OpenAsync(string path = "/admin")
    {
        var browser = await app.NewPageAsync();
        await browser.Page.GotoAsync($"{path}?access_token={Uri.EscapeDataString(ApiFactory.AdminToken)}");
        return browser;
    }

    [Fact]
    public async Task AHaltedCampaignShowsWhyAndEachCockpitThatFailed()
    {
        var scenario = new AdminScenario(app);
        await scenario.CockpitsAsync(3);
        var (_, bad) = await scenario.CockpitsAsync(2);
        await app.RefuseWritesAsync(bad);
        var featureId = await scenario.FeatureAsync("1.0.0", "reviewed");
        await scenario.ApproveByVotesAsync(featureId);
        (await app.Admin().PostAsync($"/api/features/{featureId}/releases/1.0.0/approve", null)).EnsureSuccessStatusCode();
        var campaignId = $"{featureId}-v1.0.0";
        var halted = await Eventually.Async(() => scenario.CampaignAsync(campaignId), c => c.GetProperty("state").GetString() != "running", TimeSpan.FromSeconds(90));
        halted.GetProperty("state").GetString().Should().Be("halted", "two of five cockpits cannot be written: {0}", halted);

        await using var browser = await OpenAsync();

        var row = browser.Page.Locator($"[data-campaign-row='{campaignId}']");
        await Expect(row).ToHaveAttributeAsync("data-state", "halted");
        var halt = row.Locator("[data-role=halt]");
        await Expect(halt).ToBeVisibleAsync();
        await Expect(halt).ToContainTextAsync($"Halted: {halted.GetProperty("haltReason").GetString()}");
        var failures = halt.Locator("[data-role=failures] li");
        await Expect(failures).ToHaveCountAsync(bad.Count);
        foreach (var id in bad)
        {
            await Expect(failures.Filter(new() { HasText = id })).ToContainTextAsync("SQLSTATE P0001");
        }

        await Expect(halt).Not.ToContainTextAsync("disk says no");
        await Expect(row.Locator("[data-role=failed]")).ToHaveAttributeAsync("data-value", bad.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(row.Locator("[data-role=resume]")).ToBeVisibleAsync();
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ARollbackThatCannotChangeSomeCockpitsCompletesAndListsThem()
    {
        var scenario = new AdminScenario(app);
        var (_, good) = await scenario.CockpitsAsync(2);
        var (_, bad) = await scenario.CockpitsAsync(2);
        var featureId = await scenario.FeatureAsync("1.0.0", "reviewed");
        await scenario.ApproveByVotesAsync(featureId);
        (await app.Admin().PostAsync($"/api/features/{featureId}/releases/1.0.0/approve", null)).EnsureSuccessStatusCode();
        (await scenario.FinishedCampaignAsync($"{featureId}-v1.0.0")).GetProperty("applied").GetInt32().Should().Be(good.Count + bad.Count);
        await app.RefuseWritesAsync(bad);
        await using var browser = await OpenAsync();
        await browser.Page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");

        await browser.Page.Locator($"[data-feature-id={featureId}] [data-role=rollback]").ClickAsync();
        var dialog = browser.Page.Locator("[data-role=rollback-dialog]");
        await Expect(dialog.Locator("[data-role=rollback-count]")).ToHaveTextAsync("4 cockpits will change");
        await dialog.Locator("[data-role=rollback-reason]").FillAsync("Counts scrap twice");
        await dialog.Locator("[data-role=rollback-confirm]").ClickAsync();

        await Expect(dialog.Locator("[role=progressbar][data-rollback-id]")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(dialog.Locator("[data-role=rollback-status]")).ToContainTextAsync("Completed: 2 restored, 0 skipped, 2 failed of 4");
        var failures = dialog.Locator("[data-role=rollback-failures] li");
        await Expect(failures).ToHaveCountAsync(bad.Count);
        foreach (var id in bad)
        {
            await Expect(failures.Filter(new() { HasText = id })).ToHaveCountAsync(1);
        }

        await Expect(dialog.Locator("[data-role=rollback-failures]")).Not.ToContainTextAsync("disk says no");
        foreach (var id in good)
        {
            await Expect(dialog.Locator("[data-role=rollback-failures]")).Not.ToContainTextAsync(id);
        }

        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task TheOpsBoardListsTheAppliedMigrationsWithTheirTimes()
    {
        await using var browser = await OpenAsync("/admin/ops");

        var migrations = browser.Page.Locator("[data-migration]");
        await Expect(migrations).ToHaveCountAsync(SchemaMigrator.All.Count);
        var last = SchemaMigrator.All[^1];
        var appliedAt = await app.Database.ScalarAsync<DateTime>($"SELECT applied_at FROM schema_migrations WHERE version = '{last.Version}'");
        await Expect(browser.Page.Locator($"[data-migration='{last.Version}_{last.Name}']"))
            .ToContainTextAsync(appliedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC");
        await Expect(browser.Page.Locator("[data-silo][data-status=active]")).ToHaveCountAsync(1);
        (await app.Admin().GetAsync("/api/ops/board")).StatusCode.Should().Be(HttpStatusCode.OK);
        browser.Problems.Should().BeEmpty();
    }
}
