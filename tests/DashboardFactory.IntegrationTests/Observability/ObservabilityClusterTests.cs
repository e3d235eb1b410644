using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Cluster;
using DashboardFactory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Observability;

/// <summary>One silo process and one client-mode API node exporting to an OTLP receiver, shared by the tests of the class.</summary>
public sealed class ObservedCluster : IAsyncLifetime
{
    public const string AdminToken = "observe-admin-token-0123456789ab";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _clusterId = $"obs-{Guid.NewGuid():N}"[..20];
    private readonly List<HostProcess> _hosts = [];
    private TestDatabase _database = null!;
    private OtlpReceiver _otlp = null!;
    public HostProcess Silo => _silo;

    public HttpClient Http => _http;

    public OtlpReceiver Otlp => _otlp;

    private HostProcess _silo = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync("observe");
        _otlp = await OtlpReceiver.StartAsync();
        var silo = ClusterEnvironment();
        silo["Orleans__AdvertisedIP"] = "127.0.0.1";
        silo["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var gateway = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        silo["Orleans__GatewayPort"] = gateway;
        silo["Logging__Console__FormatterName"] = "json";
        _silo = Start("silo", RepositoryPaths.SiloDll, [], silo);
        await _silo.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), Timeout, "the silo to start");

        var port = FreePorts.Next();
        var api = ClusterEnvironment();
        api["Orleans__Mode"] = "Client";
        api["Auth__AdminToken"] = AdminToken;
        var apiHost = Start("api", RepositoryPaths.ApiDll, ["--urls", $"http://127.0.0.1:{port}"], api);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        await Eventually.SucceedsAsync("the API node is ready", Timeout, async () =>
        {
            apiHost.HasExited.Should().BeFalse();
            (await _http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        }, AllOutput);
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        await _otlp.DisposeAsync();
        await _database.DisposeAsync();
    }

    private Dictionary<string, string?> ClusterEnvironment()
    {
        var environment = _otlp.Environment();
        environment["ConnectionStrings__Postgres"] = _database.ConnectionString;
        environment["Orleans__ClusterId"] = _clusterId;
        environment["Orleans__ServiceId"] = _clusterId;
        environment["DOTNET_ENVIRONMENT"] = "Production";
        return environment;
    }

    private HostProcess Start(string name, string dll, string[] arguments, Dictionary<string, string?> environment)
    {
        var host = HostProcess.Start(name, dll, arguments, environment);
        _hosts.Add(host);
        return host;
    }

    public string AllOutput() => string.Join(System.Environment.NewLine, _hosts.Select(h => h.Describe(80)));
}

/// <summary>
/// Cluster mode as operators run it, observed from outside: a silo process and an API node in client mode
/// exporting OTLP to a receiver in this test, the silo logging JSON to its console, and the Orleans Dashboard
/// served by the client-mode API node.
/// </summary>
public sealed class ObservabilityClusterTests(ObservedCluster cluster, ITestOutputHelper output) : IClassFixture<ObservedCluster>
{
    private static readonly TimeSpan Timeout = ObservedCluster.Timeout;

    private HttpClient _http => cluster.Http;

    private OtlpReceiver _otlp => cluster.Otlp;

    private HostProcess _silo => cluster.Silo;

    [Fact]
    public async Task ACockpitPatchIsOneTraceFromTheApiThroughTheGrainToPostgres()
    {
        var (cockpitId, owner) = await NewCockpitAsync();
        using var patch = new StringContent("""{"title":"Traced"}""", Encoding.UTF8);
        patch.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/cockpits/{cockpitId}") { Content = patch };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", owner);

        (await _http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);

        var trace = await Eventually.SucceedsAsync("the PATCH's trace reaches PostgreSQL in the silo", Timeout, () =>
        {
            var edge = _otlp.Spans.Where(s => s.Service == "dashboard-factory-api" && s.Kind == 2
                    && s.Attributes.GetValueOrDefault("http.request.method") == "PATCH"
                    && s.Attributes.GetValueOrDefault("url.path") == $"/api/cockpits/{cockpitId}")
                .Should().ContainSingle("the API's server span of the PATCH").Subject;
            var spans = _otlp.Spans.Where(s => s.TraceId == edge.TraceId).ToList();
            var grains = spans.Where(s => s.Service == "dashboard-factory-silo" && s.Kind == 2 && s.Name.Contains("Patch", StringComparison.Ordinal)).ToList();
            grains.Should().ContainSingle("the silo's server span of ICockpitGrain.Patch is in the trace: {0}", Show(spans));
            var grain = grains[0];
            var writes = spans.Where(s => s.Service == "dashboard-factory-silo"
                    && (s.Attributes.GetValueOrDefault("db.system") == "postgresql" || s.Attributes.GetValueOrDefault("db.system.name") == "postgresql"))
                .ToList();
            writes.Should().Contain(w => AncestorsOf(w, spans).Contains(grain.SpanId),
                "a PostgreSQL command of the silo runs inside the grain call: {0}", Show(spans));
            AncestorsOf(grain, spans).Should().Contain(edge.SpanId, "the grain call runs inside the API's request");
            return Task.FromResult(spans);
        }, AllOutput);

        output.WriteLine($"one trace, {trace.Count} spans:");
        foreach (var span in trace)
        {
            output.WriteLine("  " + span);
        }
    }

    [Fact]
    public async Task OrleansPostgresHttpAndTheProductsOwnMetersAreExported()
    {
        var (cockpitId, _) = await NewCockpitAsync();
        await RenameAsync(cockpitId, "Measured");

        await Eventually.SucceedsAsync("the silo's and the API's meters arrive over OTLP", Timeout, () =>
        {
            var metrics = _otlp.Metrics;
            metrics.Should().Contain(m => m.Service == "dashboard-factory-silo" && m.Name == "dashboard_factory.cockpits.updated", "the product's meter: {0}", string.Join(", ", metrics));
            metrics.Should().Contain(m => m.Service == "dashboard-factory-silo" && m.Scope == "Microsoft.Orleans", "Orleans' meter");
            metrics.Should().Contain(m => m.Service == "dashboard-factory-silo" && m.Scope == "Npgsql", "PostgreSQL's meter");
            metrics.Should().Contain(m => m.Service == "dashboard-factory-api" && m.Name == "http.server.request.duration", "ASP.NET Core's meter");
            metrics.Should().Contain(m => m.Name.StartsWith("dotnet.", StringComparison.Ordinal) || m.Name.StartsWith("process.runtime.dotnet", StringComparison.Ordinal), "the runtime's meter");
            return Task.CompletedTask;
        }, AllOutput);
        output.WriteLine(string.Join(Environment.NewLine, _otlp.Metrics.Select(m => m.ToString()).Order()));
    }

    [Fact]
    public async Task WithTheJsonFormatterEveryConsoleLineIsJsonWithTheIdsAsFields()
    {
        var featureId = $"obs-feat-{Guid.NewGuid():N}"[..20];
        var (cockpitId, _) = await NewCockpitAsync();
        (await _http.PostAsJsonAsync("/api/features", new { id = featureId, name = "Logged" })).EnsureSuccessStatusCode();
        (await _http.PostAsJsonAsync($"/api/features/{featureId}/releases", new
        {
            version = "1.0.0", changeType = "safe",
            widget = new { type = "html", title = "Logged", w = 2, h = 1, html = "<p>x</p>", css = "", config = new { } },
            injection = new { mode = "append" },
        })).EnsureSuccessStatusCode();
        for (var n = 0; n < 3; n++)
        {
            var voter = await CreateUserAsync($"obsv-{n}-{Guid.NewGuid():N}"[..16], "optimizer", 500);
            using var vote = new HttpRequestMessage(HttpMethod.Post, $"/api/features/{featureId}/votes") { Content = JsonContent.Create(new { approve = true }) };
            vote.Headers.Authorization = new AuthenticationHeaderValue("Bearer", voter);
            (await _http.SendAsync(vote)).EnsureSuccessStatusCode();
        }

        var started = await _silo.WaitForLineAsync(l => l.Contains("\"CampaignId\"", StringComparison.Ordinal) && l.Contains(featureId, StringComparison.Ordinal), Timeout, "a JSON line naming the campaign");
        (await _http.PostAsJsonAsync($"/api/features/{featureId}/rollback", new { reason = "logged" })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var rolledBack = await _silo.WaitForLineAsync(l => l.Contains("\"RollbackId\"", StringComparison.Ordinal) && l.Contains(featureId, StringComparison.Ordinal), Timeout, "a JSON line naming the rollback");

        using var campaign = JsonDocument.Parse(started);
        campaign.RootElement.GetProperty("Category").GetString().Should().StartWith("DashboardFactory.");
        campaign.RootElement.GetProperty("State").GetProperty("CampaignId").GetString().Should().StartWith(featureId);
        using var rollback = JsonDocument.Parse(rolledBack);
        rollback.RootElement.GetProperty("State").GetProperty("FeatureId").GetString().Should().Be(featureId);
        var lines = _silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("[out] ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        lines.Should().NotBeEmpty();
        lines.Should().AllSatisfy(l => l.TrimStart().Should().StartWith("{", "every console line of the silo is a JSON object: {0}", l));
        output.WriteLine(started);
        output.WriteLine(rolledBack);
        cockpitId.Should().NotBeNull();
    }

    [Fact]
    public async Task TheOrleansDashboardWorksOnAClientModeApiNodeForAdminsOnly()
    {
        var page = await _http.GetAsync("/admin/orleans/");
        (await page.Content.ReadAsStringAsync()).Should().Contain("index.min.js");
        var counters = await _http.GetAsync("/admin/orleans/DashboardCounters");
        using var json = JsonDocument.Parse(await counters.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("hosts").GetArrayLength().Should().Be(1, "the one silo of this cluster");

        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        (await anonymous.GetAsync("/admin/orleans/DashboardCounters")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var operatorToken = await CreateUserAsync($"obso-{Guid.NewGuid():N}"[..16], "operator", 0);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/orleans/DashboardCounters");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        (await anonymous.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static IEnumerable<string> AncestorsOf(ReceivedSpan span, IReadOnlyList<ReceivedSpan> trace)
    {
        var byId = trace.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var parent = span.ParentSpanId;
        while (parent.Length > 0 && parent != "0000000000000000")
        {
            yield return parent;
            parent = byId.TryGetValue(parent, out var next) ? next.ParentSpanId : string.Empty;
        }
    }

    private static string Show(IEnumerable<ReceivedSpan> spans) => Environment.NewLine + string.Join(Environment.NewLine, spans.Select(s => "  " + s));

    private async Task<string> CreateUserAsync(string id, string role, int xp)
    {
        var created = await _http.PostAsJsonAsync("/api/users", new { id, name = id, role, xp });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<(string CockpitId, string OwnerToken)> NewCockpitAsync()
    {
        var owner = $"obsop-{Guid.NewGuid():N}"[..16];
        var token = await CreateUserAsync(owner, "operator", 0);
        var id = $"obsc-{Guid.NewGuid():N}"[..16];
        (await _http.PostAsJsonAsync("/api/cockpits", new { id, ownerId = owner, title = "Observed" })).StatusCode.Should().Be(HttpStatusCode.Created);
        return (id, token);
    }

    private async Task RenameAsync(string cockpitId, string title)
    {
        using var patch = new StringContent($$"""{"title":"{{title}}"}""", Encoding.UTF8);
        patch.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        (await _http.PatchAsync($"/api/cockpits/{cockpitId}", patch)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private string AllOutput() => cluster.AllOutput();
}
