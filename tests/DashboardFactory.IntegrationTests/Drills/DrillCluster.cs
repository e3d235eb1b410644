using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Cluster;
using DashboardFactory.IntegrationTests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DashboardFactory.IntegrationTests.Drills;

/// <summary>
/// The production shape for the fault drills, shared by all of them: a PostgreSQL server of its own (so a drill may
/// restart it), three silo processes and two API nodes in client mode on loopback, an SMTP server, and a fleet of
/// 2,000 cockpits owned by 20 operators. Drills change the topology (kill, add, stop silos), so each first asks
/// for the silos it needs with <see cref="EnsureSilosAsync"/>.
/// </summary>
public sealed class DrillCluster(IMessageSink sink) : IAsyncLifetime
{
    public const string AdminToken = "drill-admin-token-0123456789abcdef";
    public const int FleetSize = 2000;
    public const int OperatorCount = 20;
    public const string Cohort = "drill";
    private const int Active = 3; // SiloStatus.Active

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(240);
    public static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(180);

    private readonly List<HostProcess> _all = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _siloNumber;

    public string ClusterId { get; } = $"drill-{Guid.NewGuid():N}"[..20];

    public PrivatePostgres Postgres { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    /// <summary>Silos still running, in start order.</summary>
    public List<(HostProcess Host, int SiloPort, int GatewayPort)> Silos { get; } = [];

    public List<(HostProcess Host, HttpClient Http, int Port)> ApiNodes { get; } = [];

    public IReadOnlyList<string> CockpitIds { get; } = [.. Enumerable.Range(1, FleetSize).Select(n => $"d-{n:0000}")];

    public static string OperatorId(int n) => $"dop-{n:00}";

    public static string OwnerOf(string cockpitId) => OperatorId(int.Parse(cockpitId[2..], CultureInfo.InvariantCulture) % OperatorCount + 1);

    public HttpClient Admin => ApiNodes[0].Http;

    /// <summary>The drills' own queries: unpooled, so a connection from before a PostgreSQL restart is never reused.</summary>
    private string Direct => ConnectionString + ";Pooling=false";

    public async Task InitializeAsync()
    {
        Postgres = await PrivatePostgres.StartAsync();
        ConnectionString = await Postgres.CreateDatabaseAsync("dashboard");
        Smtp = SmtpSink.Start();
        Note($"PostgreSQL on port {Postgres.Port}, SMTP on {Smtp.Port}");

        await EnsureSilosAsync(3);
        await StartApiNodeAsync();
        await StartApiNodeAsync();
        await Task.WhenAll(ApiNodes.Select(n => WaitReadyAsync(n.Http, 3)));
        Note("3 silos and 2 API nodes ready");

        await SeedAsync();
        Note($"{FleetSize} cockpits of {OperatorCount} operators created");
    }

    public async Task DisposeAsync()
    {
        var errors = new List<Exception>();
        foreach (var host in _all)
        {
            try
            {
                await host.DisposeAsync();
            }
            catch (Exception error)
            {
                errors.Add(error);
            }
        }

        foreach (var node in ApiNodes)
        {
            node.Http.Dispose();
        }

        Smtp?.Dispose();
        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        if (errors.Count > 0)
        {
            throw new AggregateException(errors);
        }
    }

    /// <summary>Starts silos until <paramref name="count"/> run and all of them are Active in the membership table.</summary>
    public async Task EnsureSilosAsync(int count)
    {
        Silos.RemoveAll(s => s.Host.HasExited);
        var started = new List<HostProcess>();
        while (Silos.Count < count)
        {
            started.Add(StartSilo().Host);
        }

        try
        {
            await Task.WhenAll(started.Select(s => s.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), StartTimeout, "the silo to start")));
            await Eventually.SucceedsAsync($"{count} silos Active in the membership table", StartTimeout, async () =>
            {
                var active = await ActiveSiloPortsAsync();
                foreach (var silo in Silos)
                {
                    active.Should().Contain(silo.SiloPort, "silo {0} has joined", silo.Host.Name);
                }
            }, AllOutput);
        }
        catch (Exception)
        {
            // A silo that never joined must not hold up the next drill: it goes, and the next drill starts another.
            foreach (var host in started)
            {
                await host.KillAndWaitAsync(TimeSpan.FromSeconds(30));
            }

            Silos.RemoveAll(s => s.Host.HasExited);
            throw;
        }
    }

    public (HostProcess Host, int SiloPort, int GatewayPort) StartSilo()
    {
        var name = $"silo-{++_siloNumber}";
        var (siloPort, gatewayPort) = (FreePorts.Next(), FreePorts.Next());
        var environment = Common();
        environment["Orleans__AdvertisedIP"] = "127.0.0.1";
        environment["Orleans__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);

        // Fast failure detection, so a killed silo is declared dead in seconds.
        environment["Orleans__Membership__ProbeTimeout"] = "00:00:01";
        environment["Orleans__Membership__NumMissedProbesLimit"] = "2";
        environment["Orleans__Membership__DeathVoteExpirationTimeout"] = "00:00:10";
        environment["Orleans__Membership__TableRefreshTimeout"] = "00:00:02";
        environment["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05";

        // Smaller rollout steps and rollback batches than the defaults, so a drill can act in the middle of them.
        environment["Campaigns__Window"] = "200";
        environment["Campaigns__BatchSize"] = "100";
        environment["Campaigns__AckTimeout"] = "00:00:05";
        environment["Campaigns__MaxAttempts"] = "20";
        environment["Rollbacks__Concurrency"] = "32";
        foreach (var (key, value) in Smtp.Settings("Smtp__"))
        {
            environment[key] = value;
        }

        environment["Smtp__PollInterval"] = "00:00:00.500";
        environment["Smtp__RetryDelay"] = "00:00:00.500";
        environment["Smtp__ClaimTimeout"] = "00:00:10";
        var host = HostProcess.Start(name, RepositoryPaths.SiloDll, [], environment);
        _all.Add(host);
        var silo = (host, siloPort, gatewayPort);
        Silos.Add(silo);
        return silo;
    }

    public async Task<(HostProcess Host, HttpClient Http, int Port)> StartApiNodeAsync()
    {
        var port = FreePorts.Next();
        var environment = Common();
        environment["Orleans__Mode"] = "Client";
        environment["Auth__AdminToken"] = AdminToken;
        environment["KpiStreams__LeaseTtl"] = "00:00:06";
        environment["CockpitWatch__LeaseTtl"] = "00:00:06";

        // The drills' 55 live clients share one operator's token; per-token limits are StreamLimitsTests' subject, and
        // the per-user write limit WritesPerUserLimitTests' (drills write as operators too).
        environment["RateLimits__StreamsPerToken"] = "0";
        environment["RateLimits__RequestsPerTokenPerMinute"] = "0";
        environment["RateLimits__WritesPerUserPerMinute"] = "0";
        var host = HostProcess.Start($"api-{ApiNodes.Count + 1}", RepositoryPaths.ApiDll, ["--urls", $"http://127.0.0.1:{port}"], environment);
        _all.Add(host);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        var node = (host, http, port);
        ApiNodes.Add(node);
        await host.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), StartTimeout, "the API node to start");
        return node;
    }

    public Task WaitReadyAsync(HttpClient http, int activeSilos) =>
        Eventually.SucceedsAsync($"/health/ready answers 200 with {activeSilos} active silo(s)", StartTimeout, async () =>
        {
            using var response = await http.GetAsync("/health/ready");
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, body);
            body.Should().Contain($"{activeSilos} active silo(s)");
        }, AllOutput);

    public async Task<List<int>> ActiveSiloPortsAsync()
    {
        await using var connection = new NpgsqlConnection(Direct);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port FROM orleansmembershiptable WHERE deploymentid = $1 AND status = $2", connection);
        command.Parameters.AddWithValue(ClusterId);
        command.Parameters.AddWithValue(Active);
        var ports = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ports.Add(reader.GetInt32(0));
        }

        return ports;
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Direct);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Direct);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A SAFE release of a new feature for the drill cohort, approved by votes: its campaign starts by itself.</summary>
    public async Task<string> StartRolloutAsync(string featureId)
    {
        var author = Admin;
        await Ok(author.PostAsJsonAsync("/api/features", new { id = featureId, name = $"Drill widget {featureId}" }), "create the feature");
        await Ok(author.PostAsJsonAsync($"/api/features/{featureId}/releases", new
        {
            version = "1.0.0",
            changeType = "safe",
            widget = new { type = "kpi", title = featureId, w = 2, h = 1, html = $"<p>{featureId}</p>", css = "", config = new { } },
            injection = new { mode = "append" },
            cohorts = new[] { Cohort },
        }), "propose the release");
        foreach (var voter in new[] { "dvoter-1", "dvoter-2", "dvoter-3" })
        {
            await Ok(ApiNodes[0].Http.SendAsync(As(voter, HttpMethod.Post, $"/api/features/{featureId}/votes", new { approve = true })), $"vote as {voter}");
        }

        var feature = await GetJsonAsync($"/api/features/{featureId}");
        return feature.GetProperty("campaigns")[0].GetString()!;
    }

    /// <summary>Polls the campaign through any API node that answers until it stops running.</summary>
    public Task<JsonElement> WaitCampaignDoneAsync(string campaignId, TimeSpan timeout) =>
        Eventually.SucceedsAsync($"campaign {campaignId} stops running", timeout, async () =>
        {
            var campaign = await GetJsonAsync($"/api/campaigns/{campaignId}");
            campaign.GetProperty("state").GetString().Should().NotBe("running", "campaign: {0}", campaign);
            return campaign;
        }, AllOutput);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        Exception? last = null;
        foreach (var node in ApiNodes.Where(n => !n.Host.HasExited))
        {
            try
            {
                using var response = await node.Http.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return JsonDocument.Parse(body).RootElement.Clone();
                }

                last = new HttpRequestException($"GET {path} on {node.Host.Name}: {(int)response.StatusCode} {body}");
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                last = error;
            }
        }

        throw last ?? new InvalidOperationException("No API node is running.");
    }

    /// <summary>
    /// Each drill cockpit's version, from the fleet index (GET /api/cockpits, paged). Rolling a SAFE release out once
    /// bumps the patch once, so comparing before and after finds a cockpit updated twice or not at all.
    /// </summary>
    public async Task<Dictionary<string, string>> VersionsAsync()
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await GetJsonAsync($"/api/cockpits?cohort={Cohort}&limit=500" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                versions[item.GetProperty("id").GetString()!] = item.GetProperty("version").GetString()!;
            }

            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return versions;
    }

    /// <summary>
    /// The exactly-once check of a rollout, in the database and the fleet index: every drill cockpit has exactly
    /// one "before installing" snapshot of the feature, the feature counts 2,000 installations, and every
    /// version moved by exactly one patch.
    /// </summary>
    public async Task ShouldHaveInstalledOnceAsync(string featureId, IReadOnlyDictionary<string, string> versionsBefore, ITestOutputHelper output)
    {
        var snapshots = await RowsAsync(
            $"SELECT cockpit_id, count(*) FROM cockpit_snapshots WHERE reason LIKE 'before installing {featureId} %' GROUP BY cockpit_id");
        var perCockpit = snapshots.ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
        perCockpit.Keys.Should().BeEquivalentTo(CockpitIds, "every cockpit got the release (a snapshot before installing it)");
        var twice = perCockpit.Where(p => p.Value != 1).Select(p => p.Key).ToList();
        twice.Should().BeEmpty("no cockpit installed {0} twice:{1}{2}", featureId, Environment.NewLine, twice.Count == 0 ? string.Empty : await DescribeInstallsAsync(featureId, twice));

        var feature = await GetJsonAsync($"/api/features/{featureId}");
        var installations = feature.GetProperty("installations");
        installations.ToString().Should().Contain(FleetSize.ToString(CultureInfo.InvariantCulture), "the fleet index counts {0} installations: {1}", FleetSize, installations);

        var after = await VersionsAsync();
        var wrong = CockpitIds.Where(id => after[id] != NextPatch(versionsBefore[id])).Take(10)
            .Select(id => $"{id}: {versionsBefore[id]} -> {after[id]}").ToList();
        wrong.Should().BeEmpty("each cockpit's version moves by exactly one patch");
        output.WriteLine($"{featureId}: {perCockpit.Count} cockpits with one snapshot each, installations {installations}, every version one patch up");
    }

    /// <summary>The snapshots the cockpits took before installing the feature, and what every host logged about them.</summary>
    private async Task<string> DescribeInstallsAsync(string featureId, IReadOnlyList<string> cockpitIds)
    {
        var text = new StringBuilder();
        foreach (var id in cockpitIds.Take(5))
        {
            foreach (var row in await RowsAsync(
                $"SELECT snapshot_id, version, taken_at, reason FROM cockpit_snapshots WHERE cockpit_id = '{id}' AND reason LIKE 'before installing {featureId} %' ORDER BY taken_at"))
            {
                text.AppendLine($"{id}: snapshot {row[0]} of version {row[1]} taken at {row[2]:O} ({row[3]})");
            }

            foreach (var host in _all)
            {
                text.Append(host.LinesAbout(id));
            }
        }

        return text.ToString();
    }

    public static string NextPatch(string version)
    {
        var parts = version.Split('.');
        return $"{parts[0]}.{parts[1]}.{int.Parse(parts[2], CultureInfo.InvariantCulture) + 1}";
    }

    public string AllOutput()
    {
        var text = new StringBuilder();
        foreach (var host in _all)
        {
            text.AppendLine(host.Describe(60));
        }

        return text.ToString();
    }

    public HttpRequestMessage As(string userId, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[userId]);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public Dictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    private void Note(string what) => sink.OnMessage(new DiagnosticMessage($"[drills +{_clock.Elapsed.TotalSeconds:0.0} s] {what}"));

    private Dictionary<string, string?> Common() => new()
    {
        ["ConnectionStrings__Postgres"] = ConnectionString,
        ["Orleans__ClusterId"] = ClusterId,
        ["Orleans__ServiceId"] = ClusterId,
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    private async Task SeedAsync()
    {
        var users = Enumerable.Range(1, OperatorCount).Select(n => (Id: OperatorId(n), Role: "operator", Email: (string?)$"{OperatorId(n)}@example.test"))
            .Concat([("dvoter-1", "optimizer", null), ("dvoter-2", "optimizer", null), ("dvoter-3", "optimizer", null)])
            .Concat([("dadmin-1", "admin", "dadmin-1@example.test"), ("dadmin-2", "admin", "dadmin-2@example.test"), ("dadmin-3", "admin", null)]);
        foreach (var (id, role, email) in users)
        {
            using var created = await Admin.PostAsJsonAsync("/api/users", new { id, name = $"Drill {id}", role, xp = 500, email });
            var body = await created.Content.ReadAsStringAsync();
            created.StatusCode.Should().Be(HttpStatusCode.Created, "creating {0}: {1}", id, body);
            Tokens[id] = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
        }

        using var gate = new SemaphoreSlim(24);
        await Task.WhenAll(CockpitIds.Select(async (id, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var http = ApiNodes[i % ApiNodes.Count].Http;
                await Eventually.SucceedsAsync($"create cockpit {id}", TimeSpan.FromSeconds(60), async () =>
                {
                    using var response = await http.PostAsJsonAsync("/api/cockpits", new { id, ownerId = OwnerOf(id), title = $"Drill {id}", cohorts = new[] { Cohort } });
                    // Not an assertion: set-up retried through node faults, where 409 means an earlier attempt whose
                    // answer was lost created the cockpit already.
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict)
                    {
                        return;
                    }

                    throw new HttpRequestException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                });
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task Ok(Task<HttpResponseMessage> sending, string what)
    {
        using var response = await sending;
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
