using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Cluster;
using DashboardFactory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Webhooks;

/// <summary>
/// At least once through a crash, in the production shape: silo processes and a client-mode API on PostgreSQL. The
/// webhook's silo is killed while the receiver is holding its first attempts; another silo takes over and every
/// event arrives, duplicates only under the webhook-id they already had.
/// </summary>
public sealed class WebhookSiloKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string AdminToken = "webhook-kill-admin-token-0123456";
    private const int Events = 20;
    private const int InFlight = 4;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(120);

    private readonly List<HostProcess> _hosts = [];
    private readonly string _clusterId = $"df-whkill-{Guid.NewGuid():N}"[..23];
    private TestDatabase? _database;
    private WebhookReceiver? _receiver;

    [Fact]
    public async Task ASiloKilledMidDeliveryLosesNoEventAndResendsOnlyUnderTheSameWebhookId()
    {
        _database = await TestPostgres.CreateDatabaseAsync("whkill");
        _receiver = await WebhookReceiver.StartAsync();
        var hook = _receiver.NewHook();
        hook.Then([.. Enumerable.Repeat(hook.Held, InFlight)]);
        var a = StartSilo("silo-a");
        await WaitStartedAsync(a);
        var httpPort = FreePorts.Next();
        var api = Start("api", RepositoryPaths.ApiDll, ["--urls", $"http://127.0.0.1:{httpPort}"], new()
        {
            ["Orleans__Mode"] = "Client",
            ["Auth__AdminToken"] = AdminToken,
            ["Demo__Enabled"] = "false",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        await Eventually.SucceedsAsync("the API answers /health/ready", StartTimeout, async () =>
            (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK), AllOutput);
        var created = await (await http.PostAsJsonAsync("/api/webhooks", new { url = hook.Url, events = new[] { "campaign.completed" } }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var webhookId = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("secret").GetString()!;

        // Producers' rows, as a campaign writes them; the dispatcher on silo-a queues them for the webhook.
        await _database.ExecuteAsync($"""
            INSERT INTO webhook_outbox (event_id, event_type, payload, created_at)
            SELECT 'kill-' || g, 'campaign.completed', json_build_object('campaignId', 'c-' || g)::text, now() FROM generate_series(1, {Events}) g
            """);
        await hook.WaitForAsync(InFlight, StartTimeout);
        var b = StartSilo("silo-b");
        await WaitStartedAsync(b);

        await a.KillAndWaitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"killed silo-a with {InFlight} attempts held by the receiver");
        hook.ReleaseAll();

        // A new event after the crash wakes the webhook on the surviving silo at once (its reminder would within a minute).
        string? testEvent = null;
        await Eventually.SucceedsAsync("POST /api/webhooks/{id}/test is accepted after the kill", RecoveryTimeout, async () =>
        {
            using var response = await http.PostAsync($"/api/webhooks/{webhookId}/test", null);
            var body = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is >= 400 and < 500)
            {
                throw new Eventually.GiveUp($"{(int)response.StatusCode}: {body}");
            }

            response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
            testEvent = JsonDocument.Parse(body).RootElement.GetProperty("eventId").GetString();
        }, AllOutput);
        var expected = Enumerable.Range(1, Events).Select(n => $"kill-{n}").Append(testEvent!).ToHashSet();
        await Eventually.SucceedsAsync($"all {expected.Count} events answered by the receiver", RecoveryTimeout, () =>
        {
            var answered = hook.Requests.Skip(InFlight).Select(r => r.Id).ToHashSet();
            expected.Except(answered).Should().BeEmpty("every event is delivered after the kill");
            return Task.CompletedTask;
        }, AllOutput);

        var requests = hook.Requests;
        output.WriteLine($"{requests.Count} requests for {expected.Count} events");
        requests.Select(r => r.Id).ToHashSet().Should().BeEquivalentTo(expected, "no event is lost and none invented");
        requests.Should().AllSatisfy(r => StandardWebhooksVerifier.Verify(secret, r).Should().BeTrue("every attempt is signed"));
        foreach (var attempts in requests.GroupBy(r => r.Id))
        {
            attempts.Select(r => r.Body).Distinct().Should().ContainSingle("a resend of {0} is the same event under the same webhook-id", attempts.Key);
        }

        requests.GroupBy(r => r.Id).Count(g => g.Count() > 1).Should().BeLessThanOrEqualTo(InFlight, "only attempts in flight at the kill are sent twice");
        b.HasExited.Should().BeFalse("the surviving silo keeps running. {0}", b.Describe());
        api.HasExited.Should().BeFalse();
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
            if (_receiver is not null)
            {
                await _receiver.DisposeAsync();
            }

            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }

    private HostProcess StartSilo(string name) =>
        Start(name, RepositoryPaths.SiloDll, [], new()
        {
            ["Orleans__AdvertisedIP"] = "127.0.0.1",
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__Membership__ProbeTimeout"] = "00:00:01",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Orleans__Membership__DeathVoteExpirationTimeout"] = "00:00:10",
            ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["Webhooks__AllowedNetworks__0"] = "127.0.0.0/8",
            ["Webhooks__RetryBaseDelay"] = "00:00:00.200",
            ["Webhooks__PollInterval"] = "00:00:00.200",
            ["Webhooks__MaxConcurrency"] = InFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    private string AllOutput()
    {
        var text = new StringBuilder();
        foreach (var host in _hosts)
        {
            text.AppendLine(host.Describe());
        }

        return text.ToString();
    }
}
