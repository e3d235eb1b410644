using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DashboardFactory.IntegrationTests.Cluster;
using DashboardFactory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace DashboardFactory.IntegrationTests.Drills;

/// <summary>
/// Fault drills on real processes (README "Operations"): three silos and two API nodes on their own PostgreSQL,
/// a 2,000-cockpit fleet. Each drill prints its timings.
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class FaultDrillTests(DrillCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan DrillTimeout = TimeSpan.FromMinutes(4);

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    [Fact]
    public async Task ASiloKilledDuringARolloutLeavesEveryCockpitUpdatedExactlyOnce()
    {
        await cluster.EnsureSilosAsync(3);
        var before = await cluster.VersionsAsync();
        var featureId = NewFeatureId("kill");

        // Browsers on 20 cockpits spread over the fleet: many of them live on the silo that dies, so their cockpits
        // move and forget the API nodes' leases; each browser must still hear of its cockpit's new version.
        var code = $"drill_{Guid.NewGuid():N}"[..20];
        await PostPointAsync(cluster.ApiNodes[1].Http, code, 1.0);
        var nodes = cluster.ApiNodes.Select(n => new Uri($"http://127.0.0.1:{n.Port}")).ToList();
        var watched = Enumerable.Range(0, 20).Select(i => cluster.CockpitIds[i * DrillCluster.FleetSize / 20]).ToList();
        var browsers = watched.Select(id => new RoamingHubClient(nodes, cluster.Tokens[DrillCluster.OwnerOf(id)], id, code)).ToList();
        try
        {
            await Task.WhenAll(browsers.Select((b, i) => b.ConnectAsync(i % nodes.Count)));
            var campaignId = await cluster.StartRolloutAsync(featureId);
            Mark($"rollout {campaignId} started, {browsers.Count} browsers watching");
            var appliedAtKill = await WaitAppliedAsync(campaignId, 200);
            var victim = cluster.Silos[^1];
            await victim.Host.KillAndWaitAsync(TimeSpan.FromSeconds(30));
            Mark($"killed {victim.Host.Name} (kill -9) with {appliedAtKill} of {DrillCluster.FleetSize} applied");
            var done = await cluster.WaitCampaignDoneAsync(campaignId, DrillTimeout);
            Mark($"campaign {done.GetProperty("state").GetString()}: {done}");

            appliedAtKill.Should().BeLessThan(DrillCluster.FleetSize, "the silo died in the middle of the rollout");
            done.GetProperty("state").GetString().Should().Be("completed");
            done.GetProperty("applied").GetInt32().Should().Be(DrillCluster.FleetSize);
            done.GetProperty("failed").GetInt32().Should().Be(0);
            await cluster.ShouldHaveInstalledOnceAsync(featureId, before, output);
            Mark("checked: one snapshot, one installation and one version step per cockpit");

            var after = await cluster.VersionsAsync();
            await Eventually.SucceedsAsync("every browser heard of its cockpit's new version", DrillTimeout, () =>
            {
                browsers.Where((b, i) => !b.Events.Any(e => e.Event == "cockpitUpdated" && e.Body.GetProperty("version").GetString() == after[watched[i]]))
                    .Select(b => watched[browsers.IndexOf(b)]).Should().BeEmpty("each watched cockpit's update reached its browser, as sent or announced at a renewal");
                return Task.CompletedTask;
            }, cluster.AllOutput);
            var announced = browsers.Count(b => b.Events.Any(e => e.Event == "cockpitUpdated" && !e.Body.TryGetProperty("publishedAt", out _)));
            Mark($"every browser heard of its cockpit's new version ({announced} of {browsers.Count} only at a lease renewal)");
        }
        finally
        {
            await Task.WhenAll(browsers.Select(b => b.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task APostgresRestartDuringARolloutAnswers503WhileDownAndTheRolloutFinishesByItself()
    {
        await cluster.EnsureSilosAsync(3);
        var before = await cluster.VersionsAsync();
        var featureId = NewFeatureId("pg");
        var campaignId = await cluster.StartRolloutAsync(featureId);
        Mark($"rollout {campaignId} started");
        var appliedAtStop = await WaitAppliedAsync(campaignId, 200);

        await cluster.Postgres.StopServerAsync();
        Mark($"PostgreSQL stopped (immediate) with {appliedAtStop} applied");
        foreach (var node in cluster.ApiNodes)
        {
            await Eventually.SucceedsAsync($"{node.Host.Name}: /health/ready is 503 while the database is down", DrillTimeout, async () =>
            {
                using var ready = await node.Http.GetAsync("/health/ready");
                ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, await ready.Content.ReadAsStringAsync());
            }, cluster.AllOutput);
        }

        Mark("readiness false on both API nodes");
        var write = await Eventually.SucceedsAsync("a cockpit change is refused with 503 and Retry-After while the database is down", DrillTimeout, async () =>
        {
            using var patch = MergePatch($$"""{"title":"written while down {{Guid.NewGuid():N}}"}""");
            var response = await cluster.Admin.PatchAsync("/api/cockpits/d-0007", patch);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
            return (Response: response, Body: body);
        }, cluster.AllOutput);
        write.Response.Headers.RetryAfter.Should().NotBeNull("a 503 says when to retry");
        write.Response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", write.Body);
        Mark($"a write answered 503 with Retry-After {write.Response.Headers.RetryAfter}");

        await cluster.Postgres.StartServerAsync();
        Mark("PostgreSQL started again");
        foreach (var node in cluster.ApiNodes)
        {
            await cluster.WaitReadyAsync(node.Http, 3);
        }

        Mark("readiness true again on both API nodes");
        var done = await cluster.WaitCampaignDoneAsync(campaignId, DrillTimeout);
        Mark($"campaign {done.GetProperty("state").GetString()}: {done}");

        appliedAtStop.Should().BeLessThan(DrillCluster.FleetSize, "the database went away in the middle of the rollout");
        done.GetProperty("state").GetString().Should().Be("completed");
        done.GetProperty("applied").GetInt32().Should().Be(DrillCluster.FleetSize);
        await cluster.ShouldHaveInstalledOnceAsync(featureId, before, output);
        Mark("checked: nothing lost, nothing doubled");
    }

    [Fact]
    public async Task AStoppedApiNodesLiveClientsMoveToTheOtherNodeAndItsKpiLeasesLapse()
    {
        await cluster.EnsureSilosAsync(3);
        const int hubClients = 50;
        const int sseClients = 5;
        var code = $"drill_{Guid.NewGuid():N}"[..20];
        var cockpitId = "d-0042";
        await PostPointAsync(cluster.ApiNodes[1].Http, code, 1.0);
        var nodes = cluster.ApiNodes.Select(n => new Uri($"http://127.0.0.1:{n.Port}")).ToList();
        var owner = cluster.Tokens[DrillCluster.OwnerOf(cockpitId)];
        var hubs = Enumerable.Range(0, hubClients).Select(_ => new RoamingHubClient(nodes, owner, cockpitId, code)).ToList();
        var streams = Enumerable.Range(0, sseClients).Select(_ => new RoamingSseClient(nodes, owner, code)).ToList();
        try
        {
            await Task.WhenAll(hubs.Select(h => h.ConnectAsync(0)).Concat(streams.Select(s => s.ConnectAsync(0))));
            Mark($"{hubClients} SignalR and {sseClients} SSE clients on {cluster.ApiNodes[0].Host.Name}");
            await WaitSubscribersAsync(code, hubClients + sseClients, "node A's lease counts its 55 clients");

            var stopped = cluster.ApiNodes[0];
            await stopped.Host.KillAndWaitAsync(TimeSpan.FromSeconds(30));
            var killedAt = _clock.Elapsed;
            Mark($"stopped {stopped.Host.Name} (kill -9)");
            await Eventually.SucceedsAsync("every client reconnected to node B", DrillTimeout, () =>
            {
                hubs.Count(h => h.Node == 1).Should().Be(hubClients, "SignalR clients on B");
                streams.Count(s => s.Node == 1).Should().Be(sseClients, "SSE clients on B");
                return Task.CompletedTask;
            }, cluster.AllOutput);
            Mark($"all {hubClients + sseClients} clients reconnected to node B, {(_clock.Elapsed - killedAt).TotalSeconds:0.0} s after the stop");

            var title = $"After the move {Guid.NewGuid():N}"[..24];
            using (var patch = MergePatch($$"""{"title":"{{title}}"}"""))
            {
                (await cluster.ApiNodes[1].Http.PatchAsync($"/api/cockpits/{cockpitId}", patch)).EnsureSuccessStatusCode();
            }

            await PostPointAsync(cluster.ApiNodes[1].Http, code, 42.0);
            var update = Stopwatch.StartNew();
            await Eventually.SucceedsAsync("every client got the next cockpit update and KPI value through node B", DrillTimeout, () =>
            {
                hubs.Where(h => !h.Events.Any(e => e.Event == "cockpitUpdated" && e.Node == 1)).Should().BeEmpty("every SignalR client got cockpitUpdated through B");
                hubs.Where(h => !h.Events.Any(e => e.Event == "kpiValue" && e.Node == 1 && e.Body.GetProperty("last").GetDouble() == 42.0))
                    .Should().BeEmpty("every SignalR client got the new KPI value through B");
                streams.Where(s => !s.Events.Any(e => e.Node == 1 && e.Body.GetProperty("last").GetDouble() == 42.0))
                    .Should().BeEmpty("every SSE client got the new KPI value through B");
                return Task.CompletedTask;
            }, cluster.AllOutput);
            Mark($"all clients got the update and the value {update.ElapsedMilliseconds} ms after they were sent");

            await WaitSubscribersAsync(code, hubClients + sseClients, "node A's lease lapsed: only B's 55 clients count");
            Mark($"node A's lease lapsed {(_clock.Elapsed - killedAt).TotalSeconds:0.0} s after the stop (KpiStreams:LeaseTtl 6 s)");
        }
        finally
        {
            await Task.WhenAll(hubs.Select(h => h.DisposeAsync().AsTask()).Concat(streams.Select(s => s.DisposeAsync().AsTask())));
            cluster.ApiNodes.RemoveAll(n => n.Host.HasExited);
            await cluster.StartApiNodeAsync();
        }

        await Eventually.SucceedsAsync("nothing publishes the KPI once its last client left", DrillTimeout, async () =>
        {
            var subscribers = await cluster.GetJsonAsync($"/api/kpis/{code}/subscribers");
            subscribers.GetProperty("publishing").GetBoolean().Should().BeFalse(subscribers.ToString());
        }, cluster.AllOutput);
        Mark("no lease left, publishing stopped");
    }

    [Fact]
    public async Task AFourthSiloJoinsAndAnotherLeavesGracefullyDuringARolloutWithoutAFailedRequest()
    {
        await cluster.EnsureSilosAsync(3);
        var before = await cluster.VersionsAsync();
        var featureId = NewFeatureId("move");
        var campaignId = await cluster.StartRolloutAsync(featureId);
        Mark($"rollout {campaignId} started");
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        using var stopTraffic = new CancellationTokenSource();
        var traffic = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (!stopTraffic.IsCancellationRequested)
            {
                var id = cluster.CockpitIds[random.Next(cluster.CockpitIds.Count)];
                var node = cluster.ApiNodes[worker % cluster.ApiNodes.Count].Http;
                try
                {
                    using var response = worker % 2 == 0
                        ? await node.GetAsync($"/api/cockpits/{id}")
                        : await node.SendAsync(AsPatch(id, $$"""{"title":"traffic {{worker}}"}"""));
                    Interlocked.Increment(ref requests);
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Enqueue($"+{_clock.Elapsed.TotalSeconds:0.0} s {(worker % 2 == 0 ? "GET" : "PATCH")} {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception error)
                {
                    failures.Enqueue($"+{_clock.Elapsed.TotalSeconds:0.0} s {id}: {error.GetType().Name} {error.Message}");
                }
            }
        })).ToList();

        // The rollout is held while the silo starts (which takes longer than the whole rollout on a busy machine), so
        // the silo joins a rollout in progress and the waves after it place cockpits on it.
        await WaitAppliedAsync(campaignId, 100);
        await CampaignActionAsync(campaignId, "pause");
        var joiner = cluster.StartSilo();
        await cluster.EnsureSilosAsync(4);
        await CampaignActionAsync(campaignId, "resume");
        Mark($"{joiner.Host.Name} joined: 4 silos active; the rollout goes on");
        var activations = await Eventually.SucceedsAsync($"grains placed on {joiner.Host.Name}", DrillTimeout, async () =>
        {
            var count = await ActivationsOnAsync(joiner.SiloPort);
            count.Should().BeGreaterThan(0, "the waves after the join place cockpits on the silo that joined");
            return count;
        }, cluster.AllOutput);
        await WaitAppliedAsync(campaignId, 600);

        // The same for the leave: held while the shutdown begins, resumed while the silo is still handing off.
        await CampaignActionAsync(campaignId, "pause");
        var leaver = cluster.Silos[0];
        var leaving = leaver.Host.TerminateAsync(TimeSpan.FromSeconds(90));
        await CampaignActionAsync(campaignId, "resume");
        var exit = await leaving;
        Mark($"{leaver.Host.Name} left gracefully (SIGTERM, exit code {exit})");
        var done = await cluster.WaitCampaignDoneAsync(campaignId, DrillTimeout);
        Mark($"campaign {done.GetProperty("state").GetString()}: {done}");
        await stopTraffic.CancelAsync();
        await Task.WhenAll(traffic);
        Mark($"{requests} requests during the drill, {failures.Count} failed; {activations} grain activations on {joiner.Host.Name} while the rollout ran");
        Mark($"calls the API nodes ran again:{Environment.NewLine}{RetriesLogged()}");

        exit.Should().Be(0, "a graceful shutdown ends cleanly");
        failures.Should().BeEmpty("no request fails while silos come and go; the API nodes and the silo that left logged:{0}{1}",
            Environment.NewLine, string.Concat(cluster.ApiNodes.Select(n => n.Host).Append(leaver.Host).Select(h => h.Errors(warnings: true))));
        requests.Should().BeGreaterThan(100);
        activations.Should().BeGreaterThan(0, "grains were placed on the silo that joined");
        done.GetProperty("state").GetString().Should().Be("completed");
        await cluster.ShouldHaveInstalledOnceAsync(featureId, before, output);
    }

    [Fact]
    public async Task ARollbackAcrossASiloKillMailsEachOperatorOnceAndTheAdminsASummary()
    {
        await cluster.EnsureSilosAsync(3);
        var featureId = NewFeatureId("mail");
        var campaignId = await cluster.StartRolloutAsync(featureId);
        (await cluster.WaitCampaignDoneAsync(campaignId, DrillTimeout)).GetProperty("applied").GetInt32().Should().Be(DrillCluster.FleetSize);
        Mark($"{featureId} rolled out to the fleet");

        var started = await cluster.Admin.PostAsJsonAsync($"/api/features/{featureId}/rollback", new { reason = "drill: bad widget" });
        var rollbackId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("rollbackId").GetString()!;
        var owner = await Task.WhenAny(cluster.Silos.Select(async s =>
        {
            await s.Host.WaitForLineAsync(l => l.Contains($"Rollback {rollbackId} of {featureId} started", StringComparison.Ordinal), DrillTimeout, "the rollback to start");
            return s;
        }));
        var victim = await owner;
        await victim.Host.KillAndWaitAsync(TimeSpan.FromSeconds(30));
        Mark($"rollback {rollbackId} started on {victim.Host.Name}; killed it (kill -9)");

        var done = await Eventually.SucceedsAsync($"rollback {rollbackId} completes", DrillTimeout, async () =>
        {
            var rollback = await cluster.GetJsonAsync($"/api/rollbacks/{rollbackId}");
            rollback.GetProperty("state").GetString().Should().Be("completed", rollback.ToString());
            return rollback;
        }, cluster.AllOutput);
        Mark($"rollback completed: {done}");
        done.GetProperty("restored").GetInt32().Should().Be(DrillCluster.FleetSize);

        var expected = DrillCluster.OperatorCount + 2;
        await Eventually.SucceedsAsync("every rollback mail is marked sent", DrillTimeout, async () =>
        {
            var sent = await cluster.ScalarAsync<long>($"SELECT count(*) FROM mail_outbox WHERE job_id = '{rollbackId}:mail' AND sent_at IS NOT NULL");
            sent.Should().Be(expected);
        }, cluster.AllOutput);
        await cluster.Smtp.WaitForAsync(expected, DrillTimeout, "the rollback's mail");
        Mark($"{expected} mails sent");

        var mine = cluster.Smtp.Received.Where(m => m.Subject.Contains(featureId, StringComparison.Ordinal)).ToList();
        mine.Should().HaveCount(expected, "20 operators and 2 admins with addresses, each once");
        for (var n = 1; n <= DrillCluster.OperatorCount; n++)
        {
            var op = DrillCluster.OperatorId(n);
            var mail = mine.Should().ContainSingle(m => m.ToAddresses.Single().Address == $"{op}@example.test").Subject;
            var listed = mail.MessageParts[0].BodyData.Split('\n').Count(l => l.StartsWith("- d-", StringComparison.Ordinal));
            listed.Should().Be(DrillCluster.FleetSize / DrillCluster.OperatorCount, "{0}'s mail lists their cockpits", op);
        }

        mine.Where(m => m.Subject == $"ROLLBACK ALERT: {featureId}").Select(m => m.ToAddresses.Single().Address)
            .Should().BeEquivalentTo(["dadmin-1@example.test", "dadmin-2@example.test"]);
    }

    /// <summary>Each "running it again" line of ClusterChangeRetry the API nodes logged, with the node's name.</summary>
    private string RetriesLogged()
    {
        var lines = cluster.ApiNodes
            .SelectMany(n => n.Host.Output.Split('\n')
                .Where(l => l.Contains("the cluster changed under the call", StringComparison.Ordinal))
                .Select(l => $"  {n.Host.Name}: {l[(l.IndexOf(']', StringComparison.Ordinal) + 1)..].Trim()}"))
            .ToList();
        return lines.Count == 0 ? "  none" : string.Join(Environment.NewLine, lines);
    }

    private string NewFeatureId(string drill) => $"drill-{drill}-{Guid.NewGuid():N}"[..24];

    private void Mark(string what) => output.WriteLine($"[+{_clock.Elapsed.TotalSeconds,6:0.0} s] {what}");

    private async Task<int> WaitAppliedAsync(string campaignId, int atLeast) =>
        await Eventually.SucceedsAsync($"campaign {campaignId} applied at least {atLeast}", DrillTimeout, async () =>
        {
            var campaign = await cluster.GetJsonAsync($"/api/campaigns/{campaignId}");
            var applied = campaign.GetProperty("applied").GetInt32();
            applied.Should().BeGreaterThanOrEqualTo(atLeast, campaign.ToString());
            return applied;
        }, cluster.AllOutput);

    private Task WaitSubscribersAsync(string code, int minute, string what) =>
        Eventually.SucceedsAsync(what, DrillTimeout, async () =>
        {
            var subscribers = await cluster.GetJsonAsync($"/api/kpis/{code}/subscribers");
            subscribers.GetProperty("minute").GetInt32().Should().Be(minute, subscribers.ToString());
        }, cluster.AllOutput);

    private static async Task PostPointAsync(HttpClient http, string code, double value)
    {
        using var response = await http.PostAsJsonAsync($"/api/kpis/{code}/points", new[] { new { id = Guid.NewGuid().ToString("N"), ts = DateTimeOffset.UtcNow, value } });
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private static StringContent MergePatch(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        return content;
    }

    private HttpRequestMessage AsPatch(string cockpitId, string json)
    {
        var request = cluster.As(DrillCluster.OwnerOf(cockpitId), HttpMethod.Patch, $"/api/cockpits/{cockpitId}");
        request.Content = MergePatch(json);
        return request;
    }

    /// <summary>Grain activations the Orleans Dashboard counts on the silo with this port.</summary>
    private async Task CampaignActionAsync(string campaignId, string action)
    {
        using var response = await cluster.Admin.PostAsync($"/api/campaigns/{campaignId}/{action}", null);
        response.StatusCode.Should().Be(HttpStatusCode.OK, "{0} of {1}: {2}", action, campaignId, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> ActivationsOnAsync(int siloPort)
    {
        var counters = await cluster.GetJsonAsync("/admin/orleans/DashboardCounters");
        long total = 0;
        foreach (var stat in counters.GetProperty("simpleGrainStats").EnumerateArray())
        {
            // "127.0.0.1:11111@generation" or "S127.0.0.1:11111:generation", depending on the dashboard's version.
            if (stat.TryGetProperty("siloAddress", out var silo)
                && (silo.ToString().Contains($":{siloPort}@", StringComparison.Ordinal) || silo.ToString().Contains($":{siloPort}:", StringComparison.Ordinal))
                && stat.TryGetProperty("activationCount", out var count))
            {
                total += count.GetInt64();
            }
        }

        return total;
    }
}
