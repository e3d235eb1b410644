using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.IntegrationTests.Hostile;

/// <summary>
/// One embedded API for the whole hostile-input suite, and the entities its route parameters are filled from. Ids are
/// fixed (each host has a fresh in-memory cluster), so a printed case names the same entities on every run. Canary
/// entities are built once through the public API (an operator with two cockpits, a KPI with data, a feature rolled
/// out to both cockpits so each has a snapshot, a feature with a release waiting for approval, a completed campaign, a
/// rollback, a webhook); writes that may be accepted target throwaway entities of their own (one per operation and
/// kind), created on first use, so an accepted write never changes what another operation's cases start from.
/// </summary>
public sealed class HostileApp : ApiFactory, IAsyncLifetime
{
    public const string OwnerId = "hz-owner";
    public const string AuthorId = "hz-author";
    public const string CockpitId = "hz-cockpit";
    public const string RestoreCockpitId = "hz-restore";
    public const string KpiCode = "hz-kpi";
    public const string KpiWidgetId = "kpiw";
    public const string ScriptWidgetId = "scripted";
    public const string FeatureId = "hz-feature";
    public const string ApprovableFeatureId = "hz-approvable";
    public const string ApprovableVersion = "1.0.0";
    public const string Cohort = "hz-cohort";

    private readonly Dictionary<string, string> _throwaways = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _creating = new(1, 1);
    private int _throwawayCount;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        // Rate limits are not this suite's subject (WritesPerUserLimitTests, StreamLimitsTests, FailedAuthLimitTests are):
        // thousands of requests from one token must each be decided by the input alone.
        ["RateLimits:WritesPerUserPerMinute"] = "0",
        ["RateLimits:FailedAuthPerAddressPerMinute"] = "0",
        ["RateLimits:RequestsPerTokenPerMinute"] = "0",
        ["RateLimits:StreamsPerToken"] = "0",

        // Generated webhooks point at a closed loopback port: accepted, never delivered, never leaving the machine.
        ["Webhooks:AllowedNetworks:0"] = "127.0.0.0/8",

        // The state dumps read the overview; a cached copy would hide a change. And no KPI turns stale during the run,
        // which would change what a dump reads (stale flags, alerts, flag health) without any input doing it.
        ["Dashboard:OverviewCacheTtl"] = "00:00:00.001",
        ["Kpis:StaleAfter"] = "1.00:00:00",
    };

    public string OwnerToken { get; private set; } = string.Empty;

    public string AuthorToken { get; private set; } = string.Empty;

    public string CampaignId { get; private set; } = string.Empty;

    public string RollbackId { get; private set; } = string.Empty;

    public string SnapshotId { get; private set; } = string.Empty;

    public string RestoreSnapshotId { get; private set; } = string.Empty;

    public string WebhookId { get; private set; } = string.Empty;

    /// <summary>Redirects and cookies are left alone, so every status is the one the server sent.</summary>
    public HttpClient Plain() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Thousands of refusals log at Information; only warnings and errors are kept, which is what the suite reads.
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public async Task InitializeAsync()
    {
        var admin = Admin();
        OwnerToken = await CreateUserAsync(OwnerId, "operator");
        AuthorToken = await CreateUserAsync(AuthorId, "optimizer", xp: 100);
        var author = ClientWithToken(AuthorToken);

        foreach (var id in new[] { CockpitId, RestoreCockpitId })
        {
            await ExpectAsync(admin.PostAsJsonAsync("/api/cockpits", new { id, ownerId = OwnerId, title = "Hostile canary", cohorts = new[] { Cohort } }), HttpStatusCode.Created);
        }

        await ExpectAsync(admin.PostAsJsonAsync($"/api/kpis/{KpiCode}/points", new[] { new { id = "p1", ts = DateTimeOffset.UtcNow.AddMinutes(-1), value = 42.0 } }), HttpStatusCode.Accepted);
        var widgets = new Dictionary<string, object>
        {
            [KpiWidgetId] = new { type = "stat_card", title = "KPI", x = 0, y = 0, w = 3, h = 2, config = new { kpi = KpiCode, period = "hour" } },
            [ScriptWidgetId] = new { type = "html", title = "Script", x = 3, y = 0, w = 3, h = 2, html = "<p>s</p>", script = "window.dashboard.onKpiValue(function () {});" },
        };
        await ExpectAsync(admin.PatchAsync($"/api/cockpits/{CockpitId}", MergePatch(new { widgets })), HttpStatusCode.OK);

        await ExpectAsync(author.PostAsJsonAsync("/api/features", new { id = FeatureId, name = "Hostile canary" }), HttpStatusCode.Created);
        await ExpectAsync(author.PostAsJsonAsync("/api/features", new { id = ApprovableFeatureId, name = "Waits for approval" }), HttpStatusCode.Created);
        await ExpectAsync(author.PostAsJsonAsync($"/api/features/{FeatureId}/releases", Release("1.0.0", "safe", Cohort)), HttpStatusCode.Created);
        await ExpectAsync(author.PostAsJsonAsync($"/api/features/{ApprovableFeatureId}/releases", Release(ApprovableVersion, "reviewed", "hz-nobody")), HttpStatusCode.Created);

        const string rolledBack = "hz-rolled";
        await ExpectAsync(author.PostAsJsonAsync("/api/features", new { id = rolledBack, name = "Rolled back" }), HttpStatusCode.Created);
        RollbackId = (await ExpectAsync(admin.PostAsJsonAsync($"/api/features/{rolledBack}/rollback", new { reason = "hostile canary" }), HttpStatusCode.Accepted))
            .GetProperty("rollbackId").GetString()!;

        // Three optimizers approve the feature: its safe release rolls out to both cockpits, each snapshotted first.
        for (var i = 1; i <= 3; i++)
        {
            var voter = ClientWithToken(await CreateUserAsync($"hz-voter-{i}", "optimizer", xp: 100));
            await ExpectAsync(voter.PostAsJsonAsync($"/api/features/{FeatureId}/votes", new { approve = true }), HttpStatusCode.OK);
        }

        CampaignId = (await Eventually.Async(
            async () => await ExpectAsync(admin.GetAsync($"/api/features/{FeatureId}"), HttpStatusCode.OK),
            f => f.GetProperty("campaigns").GetArrayLength() > 0, TimeSpan.FromSeconds(60)))
            .GetProperty("campaigns")[0].GetString()!;
        await Eventually.Async(
            async () => await ExpectAsync(admin.GetAsync($"/api/campaigns/{CampaignId}"), HttpStatusCode.OK),
            c => c.GetProperty("state").GetString() == "completed", TimeSpan.FromSeconds(60));
        SnapshotId = (await ExpectAsync(admin.GetAsync($"/api/cockpits/{CockpitId}/snapshots"), HttpStatusCode.OK))[0].GetProperty("id").GetString()!;
        RestoreSnapshotId = (await ExpectAsync(admin.GetAsync($"/api/cockpits/{RestoreCockpitId}/snapshots"), HttpStatusCode.OK))[0].GetProperty("id").GetString()!;
        WebhookId = (await ExpectAsync(admin.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/hostile", events = new[] { "campaign.completed" } }), HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
    }

    /// <summary>
    /// The value of the route parameter <paramref name="name"/> of <paramref name="template"/>, by the path segment before
    /// it (cockpits, users, ...) and its name. <paramref name="owner"/> names the operation a throwaway belongs to, or is null
    /// for the canaries. Throws, naming the parameter, when the suite has no entity of that kind: a new kind of route
    /// parameter needs a line here before its endpoint can be fuzzed.
    /// </summary>
    public async Task<string> ValueOfAsync(string template, string name, IReadOnlyCollection<string> siblings, string? owner)
    {
        var resource = RestCases.ResourceBefore(template, name);
        // A snapshot, a release version or a widget belongs to a canary; the entity above it must be that canary.
        var canary = owner is null || siblings.Contains("snapshotId") || siblings.Contains("version") || siblings.Contains("widgetId");
        return (resource, name) switch
        {
            ("cockpits", "id") when siblings.Contains("snapshotId") => RestoreCockpitId,
            ("cockpits", "id") => canary ? CockpitId : await ThrowawayAsync(owner!, "cockpit"),
            ("users", "id") => canary ? OwnerId : await ThrowawayAsync(owner!, "user"),
            ("features", "id") when siblings.Contains("version") => ApprovableFeatureId,
            ("features", "id") => canary ? FeatureId : await ThrowawayAsync(owner!, "feature"),
            ("webhooks", "id") => canary ? WebhookId : await ThrowawayAsync(owner!, "webhook"),
            ("campaigns", "id") => CampaignId,
            ("rollbacks", "id") => RollbackId,
            (_, "code") => canary ? KpiCode : await ThrowawayAsync(owner!, "kpi"),
            (_, "snapshotId") => siblings.Contains("id") ? RestoreSnapshotId : SnapshotId,
            (_, "widgetId") => template.EndsWith("/frame", StringComparison.Ordinal) ? ScriptWidgetId : KpiWidgetId,
            ("releases", "version") => ApprovableVersion,
            (_, "documentName") => "v1",
            ("assets", "path") => "manifest.json",
            _ => throw new InvalidOperationException(
                $"The hostile suite has no value for {{{name}}} after '{resource}': add one to {nameof(HostileApp)}.{nameof(ValueOfAsync)}."),
        };
    }

    /// <summary>A fresh entity of <paramref name="kind"/> for the operation <paramref name="owner"/>, made once through the API.</summary>
    private async Task<string> ThrowawayAsync(string owner, string kind)
    {
        var key = owner + " " + kind;
        await _creating.WaitAsync();
        try
        {
            if (_throwaways.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var id = $"hz-t{++_throwawayCount}-{kind}";
            var admin = Admin();
            switch (kind)
            {
                case "cockpit":
                    await ExpectAsync(admin.PostAsJsonAsync("/api/cockpits", new { id, ownerId = OwnerId, title = "Throwaway", cohorts = new[] { "hz-throwaway" } }), HttpStatusCode.Created);
                    break;
                case "user":
                    await CreateUserAsync(id, "operator");
                    break;
                case "feature":
                    await ExpectAsync(ClientWithToken(AuthorToken).PostAsJsonAsync("/api/features", new { id, name = "Throwaway" }), HttpStatusCode.Created);
                    break;
                case "webhook":
                    id = (await ExpectAsync(admin.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/" + id, events = new[] { "campaign.completed" } }), HttpStatusCode.Created))
                        .GetProperty("id").GetString()!;
                    break;
                case "kpi":
                    await ExpectAsync(admin.PostAsJsonAsync($"/api/kpis/{id}/points", new[] { new { id = "p1", ts = DateTimeOffset.UtcNow.AddMinutes(-2), value = 1.0 } }), HttpStatusCode.Accepted);
                    break;
                default:
                    throw new InvalidOperationException($"No throwaway {kind}.");
            }

            _throwaways[key] = id;
            return id;
        }
        finally
        {
            _creating.Release();
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public static StringContent MergePatch(object patch) =>
        new(JsonSerializer.Serialize(patch), Encoding.UTF8, "application/merge-patch+json");

    private static object Release(string version, string changeType, string cohort) => new
    {
        version,
        changeType,
        widget = new { type = "note", title = "Hostile", w = 3, h = 2, html = "<p>h</p>", css = "", config = new { } },
        injection = new { mode = "append" },
        cohorts = new[] { cohort },
    };

    private static async Task<JsonElement> ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the hostile suite's fixture is built through the API ({0} {1} answered {2})",
            response.RequestMessage?.Method, response.RequestMessage?.RequestUri, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
