using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Access;

/// <summary>
/// One embedded API for the whole authorization matrix, and the fixture its route parameters are filled from, built
/// once through the public API: the five callers, two cockpits of the owner (a KPI widget and a script widget on the
/// first, a snapshot on each after a rollout), a KPI with data, and one feature per kind of write (a draft for new
/// releases, a votable one, one awaiting approval, one to deprecate, one to un-deprecate, one to roll back), a
/// completed campaign and a rollback.
/// </summary>
public sealed class AuthorizationApp : ApiFactory, IAsyncLifetime
{
    private readonly Dictionary<MatrixCaller, string> _tokens = [];
    private int _releases;
    private int _alerts;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        // Every cell of the matrix is one request; a rate limit must not decide any of them.
        ["RateLimits:WritesPerUserPerMinute"] = "0",
        ["RateLimits:FailedAuthPerAddressPerMinute"] = "0",
        ["RateLimits:RequestsPerTokenPerMinute"] = "0",
        ["RateLimits:StreamsPerToken"] = "0",
        ["Webhooks:AllowedNetworks:0"] = "127.0.0.0/8",
    };

    public string OwnerId { get; } = NewId("owner");

    /// <summary>Every answer is kept, so the contract tests can check them against the OpenAPI document.</summary>
    protected override bool RecordsAnswers => true;

    public string OtherOperatorId { get; } = NewId("other");

    public string OptimizerId { get; } = NewId("opt");

    public string CockpitId { get; } = NewId("c");

    /// <summary>The owner's second cockpit, the one restores go to, so they never undo what the first one shows.</summary>
    public string RestoreCockpitId { get; } = NewId("c");

    public string KpiCode { get; } = NewId("kpi");

    public const string KpiWidgetId = "kpiw";

    public const string ScriptWidgetId = "scripted";

    public string SnapshotId { get; private set; } = string.Empty;

    public string RestoreSnapshotId { get; private set; } = string.Empty;

    /// <summary>Approved by votes and rolled out to both cockpits: the feature of the read rows.</summary>
    public string FeatureId { get; } = NewId("feat");

    /// <summary>Authored by the optimizer caller, experimental: new releases land here and never roll out.</summary>
    public string DraftFeatureId { get; } = NewId("draft");

    /// <summary>Authored by someone who is not a caller, so the optimizer and the admin may both vote.</summary>
    public string VotableFeatureId { get; } = NewId("vote");

    /// <summary>Has release <see cref="ApprovableVersion"/> (reviewed), waiting for an admin.</summary>
    public string ApprovableFeatureId { get; } = NewId("appr");

    public const string ApprovableVersion = "1.0.0";

    public string DeprecateFeatureId { get; } = NewId("depr");

    public string UndeprecateFeatureId { get; } = NewId("undep");

    public string RollbackFeatureId { get; } = NewId("rb");

    /// <summary>Deprecated and un-deprecated in turn whenever a test needs an admin alert to happen.</summary>
    public string AlertFeatureId { get; } = NewId("alert");

    public string CampaignId { get; private set; } = string.Empty;

    /// <summary>The embedded silo, as the Orleans Dashboard names silos in its URLs.</summary>
    public string SiloAddress { get; private set; } = string.Empty;

    /// <summary>A grain type the Orleans Dashboard has statistics for.</summary>
    public string GrainType { get; } = typeof(DashboardFactory.Cockpits.CockpitGrain).FullName!;

    public string RollbackId { get; private set; } = string.Empty;

    /// <summary>A webhook to a port nothing listens on (its deliveries fail, which no row looks at).</summary>
    public string WebhookId { get; private set; } = string.Empty;

    /// <summary>A webhook for the DELETE row alone, so the others keep an enabled one.</summary>
    public string DeletableWebhookId { get; private set; } = string.Empty;

    /// <summary>An admin issues the owner a new token (after a row revoked it).</summary>
    public async Task ReissueOwnerTokenAsync()
    {
        var issued = await ExpectAsync(Admin().PostAsync($"/api/users/{OwnerId}/token", null), HttpStatusCode.OK);
        _tokens[MatrixCaller.Owner] = issued.GetProperty("token").GetString()!;
    }

    public string? TokenOf(MatrixCaller caller) => caller switch
    {
        MatrixCaller.Anonymous => null,
        MatrixCaller.Admin => AdminToken,
        _ => _tokens[caller],
    };

    /// <summary>A caller's token changed (the matrix rotates the owner's): later rows use the new one.</summary>
    public void TokenChanged(MatrixCaller caller, string token) => _tokens[caller] = token;

    public string IdOf(MatrixCaller caller) => caller switch
    {
        MatrixCaller.Owner => OwnerId,
        MatrixCaller.OtherOperator => OtherOperatorId,
        MatrixCaller.Optimizer => OptimizerId,
        MatrixCaller.Admin => "admin",
        _ => string.Empty,
    };

    /// <summary>A release version above every one proposed so far, whoever proposes it.</summary>
    public string NextReleaseVersion() => $"1.{Interlocked.Increment(ref _releases)}.0";

    /// <summary>Redirects and cookies are left alone, so every status is the one the server sent.</summary>
    public HttpClient Plain() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public async Task InitializeAsync()
    {
        var admin = Admin();
        SiloAddress = (await Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true))
            .Keys.Single().ToParsableString();
        _tokens[MatrixCaller.Owner] = await CreateUserAsync(OwnerId, "operator");
        _tokens[MatrixCaller.OtherOperator] = await CreateUserAsync(OtherOperatorId, "operator");
        _tokens[MatrixCaller.Optimizer] = await CreateUserAsync(OptimizerId, "optimizer", xp: 100);
        var author = ClientWithToken(await CreateUserAsync(NewId("author"), "optimizer", xp: 100));
        var optimizer = ClientWithToken(_tokens[MatrixCaller.Optimizer]);

        var cohort = NewId("k");
        foreach (var id in new[] { CockpitId, RestoreCockpitId })
        {
            await ExpectAsync(admin.PostAsJsonAsync("/api/cockpits", new { id, ownerId = OwnerId, title = "Matrix", cohorts = new[] { cohort } }), HttpStatusCode.Created);
        }

        await ExpectAsync(admin.PostAsJsonAsync($"/api/kpis/{KpiCode}/points", new[] { new { ts = DateTimeOffset.UtcNow, value = 42.0 } }), HttpStatusCode.Accepted);
        var widgets = new Dictionary<string, object>
        {
            [KpiWidgetId] = new { type = "stat_card", title = "KPI", x = 0, y = 0, w = 3, h = 2, config = new { kpi = KpiCode, period = "minute" } },
            [ScriptWidgetId] = new { type = "html", title = "Script", x = 3, y = 0, w = 3, h = 2, html = "<p>s</p>", script = "window.dashboard.onKpiValue(function () {});" },
        };
        await ExpectAsync(admin.PatchAsync($"/api/cockpits/{CockpitId}", MergePatch(new { widgets })), HttpStatusCode.OK);

        foreach (var (id, client) in new[] { (FeatureId, author), (DraftFeatureId, optimizer), (VotableFeatureId, author), (ApprovableFeatureId, author),
            (DeprecateFeatureId, author), (UndeprecateFeatureId, author), (RollbackFeatureId, author), (AlertFeatureId, author) })
        {
            await ExpectAsync(client.PostAsJsonAsync("/api/features", new { id, name = "Matrix " + id }), HttpStatusCode.Created);
        }

        await ExpectAsync(author.PostAsJsonAsync($"/api/features/{FeatureId}/releases", Release("1.0.0", "safe", cohort)), HttpStatusCode.Created);
        await ExpectAsync(author.PostAsJsonAsync($"/api/features/{ApprovableFeatureId}/releases", Release(ApprovableVersion, "reviewed", NewId("k"))), HttpStatusCode.Created);
        await ExpectAsync(admin.PostAsJsonAsync($"/api/features/{UndeprecateFeatureId}/deprecate", new { reason = "matrix" }), HttpStatusCode.OK);
        var seedRollback = NewId("rbs");
        await ExpectAsync(author.PostAsJsonAsync("/api/features", new { id = seedRollback, name = "Rolled back" }), HttpStatusCode.Created);
        RollbackId = (await ExpectAsync(admin.PostAsJsonAsync($"/api/features/{seedRollback}/rollback", new { reason = "matrix" }), HttpStatusCode.Accepted))
            .GetProperty("rollbackId").GetString()!;

        // Three optimizers approve the feature: its safe release rolls out to both cockpits, each snapshotted first.
        for (var i = 0; i < 3; i++)
        {
            var voter = ClientWithToken(await CreateUserAsync(NewId("voter"), "optimizer", xp: 100));
            await ExpectAsync(voter.PostAsJsonAsync($"/api/features/{FeatureId}/votes", new { approve = true }), HttpStatusCode.OK);
        }

        CampaignId = (await Eventually.Async(
            async () => await ExpectAsync(admin.GetAsync($"/api/features/{FeatureId}"), HttpStatusCode.OK),
            f => f.GetProperty("campaigns").GetArrayLength() > 0, TimeSpan.FromSeconds(60)))
            .GetProperty("campaigns")[0].GetString()!;
        var campaign = await Eventually.Async(
            async () => await ExpectAsync(admin.GetAsync($"/api/campaigns/{CampaignId}"), HttpStatusCode.OK),
            c => c.GetProperty("state").GetString() == "completed", TimeSpan.FromSeconds(60));
        campaign.GetProperty("applied").GetInt32().Should().Be(2, "the rollout of {0} installs on both matrix cockpits", FeatureId);
        SnapshotId = (await ExpectAsync(admin.GetAsync($"/api/cockpits/{CockpitId}/snapshots"), HttpStatusCode.OK))[0].GetProperty("id").GetString()!;
        WebhookId = (await ExpectAsync(admin.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/matrix", events = new[] { "campaign.completed" } }), HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        DeletableWebhookId = (await ExpectAsync(admin.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/matrix-deleted", events = new[] { "campaign.completed" } }), HttpStatusCode.Created))
            .GetProperty("id").GetString()!;
        RestoreSnapshotId = (await ExpectAsync(admin.GetAsync($"/api/cockpits/{RestoreCockpitId}/snapshots"), HttpStatusCode.OK))[0].GetProperty("id").GetString()!;
    }

    /// <summary>A change of the first cockpit (its title), so its watchers get a cockpitUpdated.</summary>
    public async Task TouchCockpitAsync()
    {
        using var response = await Admin().PatchAsync($"/api/cockpits/{CockpitId}", MergePatch(new { title = "Touched " + NewId("t") }));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>An admin alert: the alert feature changes stage (deprecated, then back, and so on).</summary>
    public async Task RaiseAlertAsync()
    {
        var action = Interlocked.Increment(ref _alerts) % 2 == 1 ? "deprecate" : "undeprecate";
        using var response = await Admin().PostAsJsonAsync($"/api/features/{AlertFeatureId}/{action}", new { reason = "matrix alert" });
        response.EnsureSuccessStatusCode();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public static StringContent MergePatch(object patch) =>
        new(JsonSerializer.Serialize(patch), Encoding.UTF8, new MediaTypeHeaderValue("application/merge-patch+json"));

    public static object Release(string version, string changeType, string cohort) => new
    {
        version,
        changeType,
        widget = new { type = "note", title = "Matrix", w = 3, h = 2, html = "<p>m</p>", css = "", config = new { } },
        injection = new { mode = "append" },
        cohorts = new[] { cohort },
    };

    private static async Task<JsonElement> ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode status)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, "the matrix fixture is built through the API ({0} {1} answered {2})",
            response.RequestMessage?.Method, response.RequestMessage?.RequestUri, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
