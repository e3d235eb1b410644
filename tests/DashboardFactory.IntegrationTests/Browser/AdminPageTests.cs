using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DashboardFactory.IntegrationTests.Browser;

/// <summary>
/// The admin console (/admin) and the ops board (/admin/ops) in headless Chromium against the real API (API.md
/// "Browser pages"): votes, the preview before approval, live campaign bars, pause, the rollback dialog, the board's
/// health and dependency graph, and where operators and optimizers are sent.
/// </summary>
public sealed class AdminPageTests(AdminBrowserApp app) : IClassFixture<AdminBrowserApp>
{
    static AdminPageTests() => SetDefaultExpectTimeout(20_000);

    private async Task<BrowserPage> OpenAsync(string token, string path = "/admin")
    {
        var browser = await app.NewPageAsync();
        await browser.Page.GotoAsync($"{path}?access_token={Uri.EscapeDataString(token)}");
        return browser;
    }

    private async Task<BrowserPage> OpenConsoleAsync(string token)
    {
        var browser = await OpenAsync(token);
        await browser.Page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");
        return browser;
    }

    [Fact]
    public async Task AVoteCastInTheConsoleMovesTheTallyBarAndTheStage()
    {
        var scenario = new AdminScenario(app);
        var featureId = await scenario.FeatureAsync();
        await scenario.VoteAsync(featureId, true, false);
        var (voterId, voter) = await scenario.UserAsync("optimizer");
        await using var browser = await OpenConsoleAsync(voter);
        var card = browser.Page.Locator($"[data-feature-id={featureId}]");
        await Expect(card).ToHaveAttributeAsync("data-stage", "experimental");
        await Expect(card.Locator("[data-role=tally]")).ToHaveAttributeAsync("aria-valuenow", "50");

        await card.Locator("[data-role=vote-approve]").ClickAsync();

        await Expect(card).ToHaveAttributeAsync("data-stage", "approved");
        await Expect(card.Locator("[data-role=tally]")).ToHaveAttributeAsync("aria-valuenow", "66.67");
        await Expect(card.Locator("[data-role=votes-cast]")).ToHaveTextAsync("3 votes");
        await Expect(card.Locator("[data-role=xp-cast]")).ToHaveTextAsync("300 XP cast");
        await Expect(card.Locator($"[data-voter-id={voterId}]")).ToContainTextAsync("approve");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ApproveShowsThePreviewCountsFirstAndTheCampaignBarReaches100()
    {
        var scenario = new AdminScenario(app);
        var (_, cockpits) = await scenario.CockpitsAsync(3);
        await scenario.CockpitsAsync(1, maxChangeType: "safe");
        var featureId = await scenario.FeatureAsync("1.0.0", "reviewed");
        await scenario.ApproveByVotesAsync(featureId);
        await using var browser = await OpenConsoleAsync(ApiFactory.AdminToken);
        var release = browser.Page.Locator($"[data-feature-id={featureId}] li[data-release='1.0.0']");
        var approve = release.Locator("[data-role=approve]");
        await Expect(approve).ToBeDisabledAsync();

        await release.Locator("[data-role=preview]").ClickAsync();

        await Expect(release.Locator("[data-role=preview-targeted]")).ToHaveTextAsync("3");
        await Expect(release.Locator("[data-role=preview-clean]")).ToHaveTextAsync("3");
        await Expect(release.Locator("[data-role=preview-conflicting]")).ToHaveTextAsync("0");
        await Expect(release.Locator("[data-role=preview-skipped] [data-reason=policy]")).ToHaveAttributeAsync("data-value", "1");
        await Expect(approve).ToBeEnabledAsync();
        await approve.ClickAsync();

        var campaignId = $"{featureId}-v1.0.0";
        await Expect(browser.Page.Locator($"[role=progressbar][data-campaign-id='{campaignId}']")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(browser.Page.Locator($"[data-campaign-row='{campaignId}'] [data-role=applied]")).ToHaveAttributeAsync("data-value", cockpits.Count.ToString());
        (await scenario.FinishedCampaignAsync(campaignId)).GetProperty("applied").GetInt32().Should().Be(cockpits.Count);
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task PauseStopsARunningCampaignResumeMovesItOnAndCancelEndsIt()
    {
        var scenario = new AdminScenario(app);
        await scenario.CockpitsAsync(100);
        var featureId = await scenario.FeatureAsync("1.0.0", "reviewed");
        await scenario.ApproveByVotesAsync(featureId);
        (await app.Admin().PostAsync($"/api/features/{featureId}/releases/1.0.0/approve", null)).EnsureSuccessStatusCode();
        await using var browser = await OpenConsoleAsync(ApiFactory.AdminToken);
        var campaignId = $"{featureId}-v1.0.0";
        var row = browser.Page.Locator($"[data-campaign-row='{campaignId}']");
        var bar = browser.Page.Locator($"[role=progressbar][data-campaign-id='{campaignId}']");
        await Expect(row).ToHaveAttributeAsync("data-state", "running");

        await browser.Page.Locator($"[data-role=pause][data-campaign-id='{campaignId}']").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-state", "paused");
        // At most the one cockpit in flight when the pause came may still answer; after that nothing moves while
        // the page reads the campaign three more times (about 3 s, a dozen cockpits at the running pace).
        var atPause = (await scenario.CampaignAsync(campaignId)).GetProperty("applied").GetInt32();
        var polls = int.Parse(await row.GetAttributeAsync("data-polls") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await browser.Page.WaitForFunctionAsync($"() => Number(document.querySelector(\"[data-campaign-row='{campaignId}']\").dataset.polls) >= {polls + 3}");
        var paused = await scenario.CampaignAsync(campaignId);
        paused.GetProperty("state").GetString().Should().Be("paused");
        paused.GetProperty("applied").GetInt32().Should().BeLessThan(100, "the campaign was paused before it finished").And.BeLessThanOrEqualTo(atPause + 1, "a paused campaign sends nothing new");
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", Progress(paused).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await browser.Page.Locator($"[data-role=resume][data-campaign-id='{campaignId}']").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-state", "running");
        await browser.Page.WaitForFunctionAsync(
            $"() => Number(document.querySelector(\"[role=progressbar][data-campaign-id='{campaignId}']\").getAttribute('aria-valuenow')) > {Progress(paused)}");

        await browser.Page.Locator($"[data-role=cancel][data-campaign-id='{campaignId}']").ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-state", "cancelled");
        (await scenario.CampaignAsync(campaignId)).GetProperty("state").GetString().Should().Be("cancelled");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task ARollbackThroughTheDialogNamesTheCockpitsAndModeAndCompletes()
    {
        var scenario = new AdminScenario(app);
        var (ownerToken, cockpits) = await scenario.CockpitsAsync(3);
        var featureId = await scenario.FeatureAsync("1.0.0", "reviewed");
        await scenario.ApproveByVotesAsync(featureId);
        (await app.Admin().PostAsync($"/api/features/{featureId}/releases/1.0.0/approve", null)).EnsureSuccessStatusCode();
        await scenario.FinishedCampaignAsync($"{featureId}-v1.0.0");
        await using var browser = await OpenConsoleAsync(ApiFactory.AdminToken);

        await browser.Page.Locator($"[data-feature-id={featureId}] [data-role=rollback]").ClickAsync();

        var dialog = browser.Page.Locator("[data-role=rollback-dialog]");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("[data-role=rollback-count]")).ToHaveTextAsync("3 cockpits will change");
        await Expect(dialog.Locator("[data-role=rollback-mode] option")).ToHaveCountAsync(2);
        var confirm = dialog.Locator("[data-role=rollback-confirm]");
        await Expect(confirm).ToBeDisabledAsync();
        await dialog.Locator("[data-role=rollback-mode]").SelectOptionAsync("revert");
        await dialog.Locator("[data-role=rollback-reason]").FillAsync("Shows the wrong totals");
        await confirm.ClickAsync();

        await Expect(dialog.Locator("[role=progressbar][data-rollback-id]")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(dialog.Locator("[data-role=rollback-status]")).ToContainTextAsync("Completed: 3 restored, 0 skipped, 0 failed of 3");
        await Expect(dialog.Locator("[data-role=rollback-failures] li")).ToHaveCountAsync(0);
        foreach (var id in cockpits)
        {
            var document = await (await app.ClientWithToken(ownerToken).GetAsync($"/api/cockpits/{id}")).ShouldBeJsonAsync(HttpStatusCode.OK);
            document.GetProperty("installedFeatures").TryGetProperty(featureId, out _).Should().BeFalse($"cockpit {id} was rolled back");
        }

        await Expect(browser.Page.Locator($"[data-feature-id={featureId}]")).ToHaveAttributeAsync("data-stage", "deprecated");

        // The feature's audit history names who voted, approved and rolled back.
        await dialog.Locator("[data-role=rollback-close]").ClickAsync();
        var card = browser.Page.Locator($"[data-feature-id={featureId}]");
        await card.Locator("[data-role=history] summary").ClickAsync();
        var history = card.Locator("[data-role=history-entries]");
        await Expect(history.Locator("li[data-action=vote]")).ToHaveCountAsync(3);
        await Expect(history.Locator("li[data-action=release_approved]")).ToHaveCountAsync(1);
        await Expect(history.Locator("li[data-action=rolled_back]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task AnOptimizerProposesAReleaseOfTheirOwnFeatureVotesOnlyOnOthersAndSeesTheHistory()
    {
        var scenario = new AdminScenario(app);
        var (authorId, authorToken) = await scenario.UserAsync("optimizer", 300);
        var featureId = ApiFactory.NewId("feat");
        (await app.ClientWithToken(authorToken).PostAsJsonAsync("/api/features", new { id = featureId, name = "Scrap rate" })).EnsureSuccessStatusCode();
        await scenario.VoteAsync(featureId, true);
        var othersId = await scenario.FeatureAsync();
        await using var browser = await OpenConsoleAsync(authorToken);
        var own = browser.Page.Locator($"[data-feature-id={featureId}]");
        var others = browser.Page.Locator($"[data-feature-id={othersId}]");
        await Expect(own.Locator("[data-role=vote-approve]")).ToHaveCountAsync(0);
        await Expect(others.Locator("[data-role=vote-approve]")).ToHaveCountAsync(1);
        await Expect(others.Locator("[data-role=propose]")).ToHaveCountAsync(0);
        await Expect(own.Locator("[data-role=rollback]")).ToHaveCountAsync(0);

        await own.GetByText("Propose a release").ClickAsync();
        var form = own.Locator("[data-role=propose]");
        await Expect(form.Locator("input[name=version]")).ToHaveValueAsync("1.0.0");
        await form.Locator("select[name=changeType]").SelectOptionAsync("reviewed");
        await form.Locator("input[name=title]").FillAsync("Scrap per shift");
        await form.Locator("button[type=submit]").ClickAsync();

        var release = own.Locator("li[data-release='1.0.0']");
        await Expect(release).ToContainTextAsync("Scrap per shift");
        await Expect(release).ToContainTextAsync("waits for the feature's approval and an admin's approval");
        await Expect(release.Locator("[data-role=preview]")).ToBeVisibleAsync();
        await Expect(release.Locator("[data-role=approve]")).ToHaveCountAsync(0);
        var feature = await (await app.Admin().GetAsync($"/api/features/{featureId}")).ShouldBeJsonAsync(HttpStatusCode.OK);
        var proposed = feature.GetProperty("releases").EnumerateArray().Should().ContainSingle().Subject;
        proposed.GetProperty("proposedBy").GetString().Should().Be(authorId);
        proposed.GetProperty("changeType").GetString().Should().Be("reviewed");

        await own.Locator("[data-role=history] summary").ClickAsync();
        var history = own.Locator("[data-role=history-entries]");
        await Expect(history.Locator("li[data-action=created]")).ToContainTextAsync(authorId);
        await Expect(history.Locator("li[data-action=vote]")).ToHaveCountAsync(1);
        await Expect(history.Locator("li[data-action=release_proposed]")).ToContainTextAsync(authorId);
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task TheOpsBoardShowsAFlagBlockedByItsDeprecatedDependencyDrawsOneNodePerFeatureAndRefreshesByItself()
    {
        var scenario = new AdminScenario(app);
        var baseId = await scenario.FeatureAsync();
        var dependentId = await scenario.FeatureAsync("1.0.0", "safe", [baseId]);
        (await app.Admin().PostAsJsonAsync($"/api/features/{baseId}/deprecate", new { reason = "double counts" })).EnsureSuccessStatusCode();
        await using var browser = await OpenAsync(ApiFactory.AdminToken, "/admin/ops");
        var page = browser.Page;

        var row = page.Locator($"[data-flag-id={dependentId}]");
        await Expect(row).ToHaveAttributeAsync("data-health", "blocked");
        await Expect(row.Locator("[data-role=reasons]")).ToContainTextAsync($"depends on {baseId}, which is deprecated: double counts");
        await Expect(page.Locator($"[data-flag-id={baseId}]")).ToHaveAttributeAsync("data-stage", "deprecated");
        var graph = page.Locator("[data-role=dependency-graph]");
        await Expect(graph.Locator("canvas").First).ToBeAttachedAsync();
        var board = await (await app.Admin().GetAsync("/api/ops/board")).ShouldBeJsonAsync(HttpStatusCode.OK);
        await Expect(graph).ToHaveAttributeAsync("data-nodes", board.GetProperty("flags").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await graph.GetAttributeAsync("data-node-ids"))!.Split(' ').Should().OnlyHaveUniqueItems().And.Contain([baseId, dependentId]);
        await Expect(page.Locator("[data-role=no-migrations]")).ToContainTextAsync("Embedded mode");
        await Expect(page.Locator("[data-silo][data-status=active]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-role=retention]")).ToContainTextAsync("Kept for 30 days, trimmed every 1 hour. Last trim: not yet");

        (await app.Admin().PostAsync($"/api/features/{baseId}/undeprecate", null)).EnsureSuccessStatusCode();

        await Expect(row).Not.ToHaveAttributeAsync("data-health", "blocked");
        browser.Problems.Should().BeEmpty();
    }

    [Fact]
    public async Task AnOperatorIsSentToTheirCockpitAndCannotReadAdminDataAndAnOptimizerIsSentFromTheBoardToTheConsole()
    {
        var scenario = new AdminScenario(app);
        var (operatorToken, cockpits) = await scenario.CockpitsAsync(1);
        await using var operatorBrowser = await OpenAsync(operatorToken);

        // The console asks who this is and which cockpit they own before it navigates: allow for a loaded machine.
        await SentToAsync(operatorBrowser, $"/cockpits/{cockpits[0]}");
        var status = await operatorBrowser.Page.EvaluateAsync<int>(
            "async (token) => (await fetch('/api/ops/board', { headers: { Authorization: 'Bearer ' + token } })).status", operatorToken);
        status.Should().Be((int)HttpStatusCode.Forbidden);

        var (_, optimizer) = await scenario.UserAsync("optimizer");
        await using var optimizerBrowser = await OpenAsync(optimizer, "/admin/ops");
        await SentToAsync(optimizerBrowser, "/admin");
        await optimizerBrowser.Page.WaitForFunctionAsync("() => document.body.dataset.ready === 'true'");
        await Expect(optimizerBrowser.Page.Locator("[data-role=campaigns-section]")).ToBeHiddenAsync();
        await Expect(optimizerBrowser.Page.Locator("[data-role=ops-link]")).ToHaveCountAsync(0);
        optimizerBrowser.Problems.Should().BeEmpty();
    }

    /// <summary>
    /// Waits until the page's main frame is at <paramref name="path"/>, whether it got there before this call or after it, by a
    /// new document or a same-document route change; when it does not, says where it is and what went wrong there.
    /// </summary>
    /// <remarks>
    /// Not <c>WaitForURLAsync</c>: given a URL that already matches, it waits for a load state, and with <c>Commit</c> that wait
    /// missed a page that had already arrived (it timed out with the page at the target).
    /// </remarks>
    private static async Task SentToAsync(BrowserPage browser, string path)
    {
        var page = browser.Page;
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnNavigated(object? sender, IFrame frame)
        {
            if (frame == page.MainFrame && IsAt(frame.Url, path))
                arrived.TrySetResult();
        }

        page.FrameNavigated += OnNavigated;
        try
        {
            if (!IsAt(page.Url, path))
                await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException(
                $"The page was not sent to {path}: it is at {page.Url}; problems seen: [{string.Join("; ", browser.Problems)}]", error);
        }
        finally
        {
            page.FrameNavigated -= OnNavigated;
        }
    }

    private static bool IsAt(string url, string path) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath == path;

    private static int Progress(System.Text.Json.JsonElement campaign)
    {
        var settled = campaign.GetProperty("applied").GetInt32() + campaign.GetProperty("skipped").GetInt32() + campaign.GetProperty("failed").GetInt32();
        return campaign.GetProperty("state").GetString() == "completed" ? 100 : settled * 100 / campaign.GetProperty("total").GetInt32();
    }
}
