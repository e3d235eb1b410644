using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Cluster;

/// <summary>
/// The production shape: two silo processes and an API process in client mode, all on one PostgreSQL
/// database, and what happens when a silo dies without saying goodbye.
/// </summary>
public sealed class ClusterProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminToken = "cluster-test-admin-token-0123456"; // 32 characters
    private const int Active = 3; // SiloStatus.Active
    private const int Dead = 6; // SiloStatus.Dead
    private const int UserCount = 20;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120); // generous: the machine is shared and a silo now also starts the Orleans Dashboard
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(60);

    // Shorter than Orleans' 30 s response timeout: a call lost with the killed silo is retried sooner.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] RoleCycle = ["operator", "optimizer", "admin"];

    private readonly List<HostProcess> _hosts = [];
    private readonly ConcurrentQueue<string> _failedAttempts = new();
    private readonly Stopwatch _sinceKill = new();
    private readonly string _clusterId = $"df-cluster-{Guid.NewGuid():N}"[..23];
    private TestDatabase? _database;

    [Fact]
    public async Task TwoSilosAndAnApiServeThroughASiloKill()
    {
        _database = await TestPostgres.CreateDatabaseAsync("cluster");
        var siloA = new SiloPorts(FreePorts.Next(), FreePorts.Next());
        var siloB = new SiloPorts(FreePorts.Next(), FreePorts.Next());
        var a = StartSilo("silo-a", siloA);
        var b = StartSilo("silo-b", siloB);
        await Task.WhenAll(WaitStartedAsync(a), WaitStartedAsync(b));

        var httpPort = FreePorts.Next();
        var api = Start("api", RepositoryPaths.ApiDll, ["--urls", $"http://127.0.0.1:{httpPort}"], new()
        {
            ["Orleans__Mode"] = "Client",
            ["Auth__AdminToken"] = AdminToken,
            ["Demo__Enabled"] = "false",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = RequestTimeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);

        // Both silos joined, and the API sees both of them through its gateways.
        await Eventually.SucceedsAsync("/health/ready answers 200 and counts 2 active silos", StartTimeout,
            () => ExpectReadyAsync(http, api, activeSilos: 2), AllOutput);
        var members = await MembershipAsync();
        members.Should().Contain(m => m.Port == siloA.Silo && m.Status == Active, "silo-a joined. Membership: {0}", Show(members));
        members.Should().Contain(m => m.Port == siloB.Silo && m.Status == Active, "silo-b joined. Membership: {0}", Show(members));
        members.Should().AllSatisfy(m => m.Address.Should().Be("127.0.0.1", "silos advertise Orleans:AdvertisedIP"));

        var users = Enumerable.Range(1, UserCount)
            .Select(n => new UserDto($"pilot-{n:00}", $"Pilot {n}", RoleCycle[n % RoleCycle.Length], n * 111))
            .ToList();
        foreach (var user in users)
        {
            using var created = await http.PostAsJsonAsync("/api/users", user);
            created.StatusCode.Should().Be(HttpStatusCode.Created, "creating {0} (body: {1})", user.Id, await created.Content.ReadAsStringAsync());
            var body = await created.Content.ReadFromJsonAsync<CreatedUserDto>();
            body!.Token.Should().StartWith($"{user.Id}.", "a user token names its user");
            new UserDto(body.Id, body.Name, body.Role, body.Xp).Should().Be(user);
        }

        foreach (var user in users)
        {
            (await http.GetFromJsonAsync<UserDto>($"/api/users/{user.Id}")).Should().Be(user);
        }

        // A hard crash: no graceful shutdown, no goodbye in the membership table.
        _sinceKill.Start();
        await b.KillAndWaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"killed silo-b (silo port {siloB.Silo}, gateway {siloB.Gateway})");

        var attempts = await Task.WhenAll(users.Select(user => ReadUntilServedAsync(http, user)));
        output.WriteLine($"all {UserCount} users served again {_sinceKill.Elapsed.TotalSeconds:0.0} s after the kill; " +
                         $"{attempts.Sum() - UserCount} failed attempts before that:");
        foreach (var failure in _failedAttempts.Take(50))
        {
            output.WriteLine("  " + failure);
        }

        var newcomer = new UserDto("pilot-after-kill", "Late Pilot", "optimizer", 4242);
        await CreateUntilServedAsync(http, newcomer);
        (await http.GetFromJsonAsync<UserDto>($"/api/users/{newcomer.Id}")).Should().Be(newcomer);

        await Eventually.SucceedsAsync("the membership table shows silo-b as Dead (6) and silo-a as Active (3)", RecoveryTimeout, async () =>
        {
            var now = await MembershipAsync();
            now.Should().ContainSingle(m => m.Port == siloB.Silo).Which.Status.Should().Be(Dead, "silo-b was killed. Membership: {0}", Show(now));
            now.Should().ContainSingle(m => m.Port == siloA.Silo).Which.Status.Should().Be(Active, "silo-a is still running. Membership: {0}", Show(now));
        }, AllOutput);
        output.WriteLine($"silo-b seen Dead in the membership table {_sinceKill.Elapsed.TotalSeconds:0.0} s after the kill");

        await Eventually.SucceedsAsync("/health/ready answers 200 and counts 1 active silo", RecoveryTimeout,
            () => ExpectReadyAsync(http, api, activeSilos: 1), AllOutput);
        a.HasExited.Should().BeFalse("the surviving silo keeps running. {0}", a.Describe());
        api.HasExited.Should().BeFalse("the API keeps running. {0}", api.Describe());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            await HostProcess.DisposeAllAsync(_hosts, output);
        }
        finally
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// GETs a user until it is served again. Errors (5xx, timeouts, refused connections) are expected
    /// while the cluster notices the death; a 404 or different data is not, and fails at once.
    /// Returns the number of attempts.
    /// </summary>
    private async Task<int> ReadUntilServedAsync(HttpClient http, UserDto user)
    {
        var attempts = 0;
        await Eventually.SucceedsAsync($"GET /api/users/{user.Id} serves the user again after the kill", RecoveryTimeout, async () =>
        {
            attempts++;
            var started = _sinceKill.Elapsed;
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync($"/api/users/{user.Id}");
            }
            catch (Exception error)
            {
                NoteFailure(user.Id, started, error.GetType().Name + ": " + error.Message);
                throw;
            }

            using var _ = response;
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var read = JsonSerializer.Deserialize<UserDto>(body, JsonSerializerOptions.Web);
                if (read != user)
                {
                    throw new Eventually.GiveUp($"expected {user}, the API answered {body}");
                }

                return;
            }

            if ((int)response.StatusCode < 500)
            {
                throw new Eventually.GiveUp($"the API answered {(int)response.StatusCode}: {body}; the user was stored in PostgreSQL before the kill");
            }

            NoteFailure(user.Id, started, $"{(int)response.StatusCode} {body}");
            throw new HttpRequestException($"{(int)response.StatusCode}: {body}");
        }, AllOutput);
        return attempts;
    }

    private void NoteFailure(string userId, TimeSpan started, string what) =>
        _failedAttempts.Enqueue($"GET {userId} sent at +{started.TotalSeconds:0.0} s, failed at +{_sinceKill.Elapsed.TotalSeconds:0.0} s: {what}");

    /// <summary>Creates a user, retrying failures that leave the outcome open.</summary>
    private async Task CreateUntilServedAsync(HttpClient http, UserDto user)
    {
        var uncertain = false;
        await Eventually.SucceedsAsync($"POST /api/users creates {user.Id}", RecoveryTimeout, async () =>
        {
            HttpResponseMessage response;
            try
            {
                response = await http.PostAsJsonAsync("/api/users", user);
            }
            catch (Exception)
            {
                uncertain = true;
                throw;
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        return;
                    case HttpStatusCode.Conflict when uncertain:
                        return; // an earlier attempt did create it; the GET after this checks the data
                    case >= HttpStatusCode.InternalServerError:
                        uncertain = true;
                        throw new HttpRequestException($"{(int)response.StatusCode}: {body}");
                    default:
                        throw new Eventually.GiveUp($"the API answered {(int)response.StatusCode}: {body}");
                }
            }
        }, AllOutput);
    }

    private static async Task ExpectReadyAsync(HttpClient http, HostProcess api, int activeSilos)
    {
        if (api.HasExited)
        {
            throw new Eventually.GiveUp("the API process exited");
        }

        using var response = await http.GetAsync("/health/ready");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, "body: {0}", body);
        using var health = JsonDocument.Parse(body);
        health.RootElement.GetProperty("checks").GetProperty("cluster").GetProperty("description").GetString()
            .Should().Be($"{activeSilos} active silo(s)", "body: {0}", body);
    }

    private HostProcess StartSilo(string name, SiloPorts ports) =>
        Start(name, RepositoryPaths.SiloDll, [], new()
        {
            ["Orleans__AdvertisedIP"] = "127.0.0.1",
            ["Orleans__SiloPort"] = ports.Silo.ToString(),
            ["Orleans__GatewayPort"] = ports.Gateway.ToString(),
            // Fast failure detection, so a killed silo is noticed in seconds rather than minutes.
            ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Orleans__Membership__DeathVoteExpirationTimeout"] = "00:00:10",
            ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        });

    private HostProcess Start(string name, string dll, string[] arguments, Dictionary<string, string?> environment)
    {
        environment["ConnectionStrings__Postgres"] = _database!.ConnectionString;
        environment["Orleans__ClusterId"] = _clusterId;
        environment["Orleans__ServiceId"] = _clusterId;
        environment["DOTNET_ENVIRONMENT"] = "Production";
        var host = HostProcess.Start(name, dll, arguments, environment);
        _hosts.Add(host);
        return host;
    }

    private static Task WaitStartedAsync(HostProcess silo) =>
        silo.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), StartTimeout, "the host to report 'Application started'");

    private async Task<List<Member>> MembershipAsync()
    {
        var rows = await _database!.RowsAsync(
            "SELECT address, port, generation, status, siloname FROM orleansmembershiptable " +
            $"WHERE deploymentid = '{_clusterId}' ORDER BY port, generation");
        return [.. rows.Select(r => new Member((string)r[0]!, (int)r[1]!, (int)r[2]!, (int)r[3]!, (string)r[4]!))];
    }

    private static string Show(IEnumerable<Member> members) => string.Join("; ", members);

    private string AllOutput()
    {
        var text = new StringBuilder();
        foreach (var host in _hosts)
        {
            text.AppendLine(host.Describe());
        }

        return text.ToString();
    }

    private sealed record SiloPorts(int Silo, int Gateway);

    private sealed record Member(string Address, int Port, int Generation, int Status, string SiloName);

    private sealed record UserDto(string Id, string Name, string Role, int Xp);

    private sealed record CreatedUserDto(string Id, string Name, string Role, int Xp, string Token);
}
