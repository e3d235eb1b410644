using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DashboardFactory.Bench;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.Hosting;
using DashboardFactory.Rollbacks;
using DashboardFactory.Telemetry;
using DashboardFactory.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// Rollout benchmark: one feature release to N cockpits on PostgreSQL storage, end to end (snapshot, merge,
// persist, notify), compared with the database's single-row write rate measured in the same run.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args is ["fanout", ..])
{
    return await DashboardFactory.Bench.FanOut.FanOutBench.RunAsync(args[1..]);
}

if (args is ["graphql", ..])
{
    return await DashboardFactory.Bench.GraphQL.GraphQLBench.RunAsync(args[1..]);
}

if (args is ["latency", ..])
{
    return await DashboardFactory.Bench.Latency.LatencyBench.RunAsync(args[1..]);
}

if (args is ["bare-hub", ..])
{
    return await DashboardFactory.Bench.Latency.BareHubServer.RunAsync(args[1..]);
}

if (args is ["page", ..])
{
    return await DashboardFactory.Bench.Pages.PageBench.RunAsync(args[1..]);
}

if (args is ["watch-clients", ..])
{
    return await DashboardFactory.Bench.Latency.CockpitWatchers.RunClientsAsync(args[1..]);
}

if (args is ["idle", ..])
{
    return await DashboardFactory.Bench.Idle.IdleBench.RunAsync(args[1..]);
}

if (args is ["reads", ..])
{
    return await DashboardFactory.Bench.Reads.ReadsBench.RunAsync(args[1..]);
}

if (args.Contains("--preview"))
{
    return await DashboardFactory.Bench.Preview.PreviewBench.RunAsync(args);
}

if (args is ["webhooks", ..] || args.Contains("--webhooks"))
{
    return await DashboardFactory.Bench.Webhooks.WebhooksBench.RunAsync([.. args.Where(a => a is not ("webhooks" or "--webhooks"))]);
}

if (args.Contains("--ingest"))
{
    return await IngestBench.RunAsync([.. args.Where(a => a != "--ingest")]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (BenchOptions.HelpRequested)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"bench: {error.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var runId = Guid.NewGuid().ToString("N")[..8];
var serviceId = $"bench-{runId}";
var n = options.Cockpits;
await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Postgres) { ApplicationName = "df-bench" }.ConnectionString);

Console.WriteLine($"== rollout benchmark {runId}: {n:N0} cockpits, {options.Silos} silo(s), {Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
await using (var command = db.CreateCommand(
    "SELECT version(), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes'), current_setting('wal_level'), current_setting('shared_buffers')"))
await using (var reader = await command.ExecuteReaderAsync())
{
    await reader.ReadAsync();
    Console.WriteLine($"postgres: {reader.GetString(0).Split(" on ")[0]}; fsync={reader.GetString(1)} synchronous_commit={reader.GetString(2)} " +
                      $"full_page_writes={reader.GetString(3)} wal_level={reader.GetString(4)} shared_buffers={reader.GetString(5)}");
}

// ------------------------------------------------------------------------------------------ baseline ---
var baselines = new List<Baseline.Result>();
if (!options.SkipBaseline)
{
    foreach (var connections in options.BaselineConnections)
    {
        var result = await Baseline.RunAsync(options.Postgres, connections, TimeSpan.FromSeconds(options.BaselineSeconds), options.BaselinePayload);
        baselines.Add(result);
        Console.WriteLine($"baseline: {connections} connections, single-row INSERT transactions ({options.BaselinePayload} B): " +
                          $"{result.Rows:N0} rows in {result.Seconds:F2} s = {result.RowsPerSecond:N0} rows/s" +
                          (result.PostgresCpuSeconds >= 0 ? $" (PostgreSQL CPU {1000 * result.PostgresCpuSeconds / result.Rows:F3} ms per row)" : ""));
    }
}

// ------------------------------------------------------------------------------------------- silos ---
var hosts = new List<IHost>();
DashboardFactory.Bench.Latency.CockpitWatchers? watchers = null;
UpdatePaths? updatePaths = null;
GcPauses? gcPauses = null;
DashboardFactory.Bench.Reads.RemoteHistogram? nodeDelays = null;
var siloLogs = new CountingLoggerProvider();
var logsBeforeRollout = new Dictionary<string, int>(StringComparer.Ordinal);
var exitCode = 1;
try
{
    var siloStart = Stopwatch.StartNew();
    for (var i = 0; i < options.Silos; i++)
    {
        hosts.Add(await StartSiloAsync(i));
    }

    Console.WriteLine($"silos: {options.Silos} started in {siloStart.Elapsed.TotalSeconds:F1} s (cluster {serviceId}, schema migrated)");
    var factories = hosts.Select(h => h.Services.GetRequiredService<IGrainFactory>()).ToArray();
    var grains = factories[0];

    // --------------------------------------------------------------------------------------- seed ---
    var cohort = $"bench-{runId}";
    var seedClock = Stopwatch.StartNew();
    var seeded = 0;
    var seedErrors = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
    using (var progress = new Timer(_ => Console.WriteLine($"  seeding: {Volatile.Read(ref seeded):N0}/{n:N0} after {seedClock.Elapsed.TotalSeconds:F0} s"),
               null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)))
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = options.SeedConcurrency }, async (i, _) =>
        {
            var cockpit = factories[i % factories.Length].GetGrain<ICockpitGrain>($"bc-{runId}-{i:D6}");
            try
            {
                await cockpit.CreateAsync(new NewCockpit("op-bench", $"Cockpit {i}", [cohort], AutoUpdatePolicy.Default), []);
            }
            catch (Exception error)
            {
                // The create may have been saved before a later step threw (e.g. the fleet index write): count it,
                // and let the campaign's target count tell whether the fleet index still has the cockpit.
                seedErrors.AddOrUpdate($"{error.GetType().Name}: {error.Message.Split('\n', 2)[0].Trim()}", 1, (_, c) => c + 1);
                if (await cockpit.GetAsync() is null)
                {
                    throw;
                }
            }

            Interlocked.Increment(ref seeded);
        });
    }

    foreach (var (message, count) in seedErrors)
    {
        Console.WriteLine($"seed: WARNING: {count:N0} CreateAsync calls threw although the cockpit was saved: {message}");
    }

    seedClock.Stop();
    Console.WriteLine($"seed: {n:N0} cockpits in {seedClock.Elapsed.TotalSeconds:F2} s = {n / seedClock.Elapsed.TotalSeconds:N0} cockpits/s " +
                      $"(concurrency {options.SeedConcurrency}; not the measured figure)");

    if (options.Cold)
    {
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var active = (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("Cockpit", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        Console.WriteLine($"cold: activations collected; {active} cockpit activations left");
    }

    // ------------------------------------------------------------------------- watchers (--watch) ---
    if (options.Watch > 0)
    {
        var apiDll = options.ApiDll ?? DashboardFactory.Bench.FanOut.ApiProcess.DefaultDll();
        var watched = Enumerable.Range(0, Math.Min(options.Watch, n)).Select(w => $"bc-{runId}-{(long)w * n / Math.Min(options.Watch, n):D6}").ToList();
        var watchStart = Stopwatch.StartNew();
        watchers = await DashboardFactory.Bench.Latency.CockpitWatchers.StartAsync(apiDll, options.Postgres, serviceId, watched);
        Console.WriteLine($"watch: an API node in client mode and {watched.Count} SignalR clients, each on one cockpit spread over the fleet, " +
                          $"ready in {watchStart.Elapsed.TotalSeconds:F1} s");
        if (options.WatchWarmUp)
        {
            var warmUp = await watchers.WarmUpAsync(() => Parallel.ForEachAsync(watched, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
                await grains.GetGrain<ICockpitGrain>(id).PatchAsync("""{"title":"Watched"}""", null, new Caller("op-bench", false))), TimeSpan.FromSeconds(60));
            Console.WriteLine($"watch: warm-up round (each watched cockpit renamed once before the rollout; not the measured figure): " +
                              $"p50 {Latencies.Percentile(warmUp, 0.5):F1} ms, p99 {Latencies.Percentile(warmUp, 0.99):F1} ms, max {warmUp[^1]:F1} ms");
        }
        updatePaths = UpdatePaths.Listen();
        gcPauses = GcPauses.Track();
        nodeDelays = await DashboardFactory.Bench.Reads.RemoteHistogram.StartAsync(
            watchers.ApiPid, FactoryMetrics.MeterName, FactoryMetrics.CockpitUpdateDelay, TimeSpan.FromSeconds(0.5));
    }

    // ---------------------------------------------------------------------- feature, release, votes ---
    async Task<string> UserAsync(string prefix)
    {
        var id = $"{prefix}-{runId}-{Guid.NewGuid():N}"[..24];
        await grains.GetGrain<IUserGrain>(id).CreateAsync(new NewUser(id, UserRole.Optimizer, 100));
        return id;
    }

    var author = await UserAsync("ua");
    var voters = new List<string>();
    for (var i = 0; i < 3; i++)
    {
        voters.Add(await UserAsync($"uv{i}"));
    }

    var featureId = $"feat-{runId}";
    const string version = "1.0.0";
    var feature = grains.GetGrain<IFeatureGrain>(featureId);
    await feature.CreateAsync(new NewFeature("Rollout benchmark widget", "One release to the whole fleet.", author));
    await feature.ProposeReleaseAsync(
        new ReleaseSpec(version, ChangeType.Safe, new WidgetRelease("kpi", "Rollout", 3, 2, "<p>rolled out</p>\n", "", "{}"), InjectionMode.Smart,
            null, [], null, null, [cohort]),
        new Caller(author, false));
    await feature.VoteAsync(new Caller(voters[0], false), true);
    await feature.VoteAsync(new Caller(voters[1], false), true);

    var campaignId = CampaignIds.For(featureId, version);
    var campaign = grains.GetGrain<ICampaignGrain>(campaignId);
    if (await campaign.GetAsync() is { } early)
    {
        Console.Error.WriteLine($"bench: the campaign started before the last vote: {early.Status}");
    }

    // Let the seeding's writes and statistics settle so the counters below belong to the rollout alone: a
    // PostgreSQL backend that flushed its statistics less than a second ago holds new ones for up to 10 s.
    var statsSettle = TimeSpan.FromSeconds(11);
    await Task.Delay(statsSettle);
    var statements = await Statements.ResetAsync(db);
    foreach (var (kind, count) in siloLogs.Summary())
    {
        logsBeforeRollout[kind] = count;
    }

    var before = await Counters.CaptureAsync(db, serviceId);

    // ------------------------------------------------------------------------------------- rollout ---
    var wall = Stopwatch.StartNew();
    var afterVote = await feature.VoteAsync(new Caller(voters[2], false), true);
    var voteSeconds = wall.Elapsed.TotalSeconds;
    Console.WriteLine($"rollout: last vote returned after {voteSeconds:F2} s (feature stage {afterVote.Stage}); campaign {campaignId}");

    CampaignView? view = null;
    var lastPrint = TimeSpan.Zero;
    var activeSamples = new List<long>();
    while (wall.Elapsed < options.RolloutTimeout)
    {
        view = await campaign.GetAsync();
        if (view is { Status: not CampaignStatus.Running })
        {
            break;
        }

        if (wall.Elapsed - lastPrint >= TimeSpan.FromSeconds(1))
        {
            lastPrint = wall.Elapsed;
            var (active, open) = await BackendsAsync();
            activeSamples.Add(active);
            Console.WriteLine((view is null
                ? $"  t={wall.Elapsed.TotalSeconds,5:F1}s campaign not started yet"
                : $"  t={wall.Elapsed.TotalSeconds,5:F1}s wave {view.Wave + 1}: applied {view.Applied:N0}, skipped {view.Skipped:N0}, failed {view.Failed:N0} of {view.Total:N0}") +
                $"; db connections {open}, {active} active");
        }

        await Task.Delay(50);
    }

    wall.Stop();
    var wallSeconds = wall.Elapsed.TotalSeconds;
    var atEnd = await Counters.CaptureAsync(db, serviceId);
    await Task.Delay(statsSettle);
    var after = await Counters.CaptureAsync(db, serviceId);

    // ------------------------------------------------------------------------------------- results ---
    if (view is null)
    {
        Console.WriteLine($"rollout: FAILED: campaign {campaignId} never started within {options.RolloutTimeout.TotalSeconds:F0} s");
        return exitCode = 1;
    }

    Console.WriteLine($"campaign: status {view.Status}, total {view.Total:N0}, applied {view.Applied:N0}, skipped {view.Skipped:N0}, failed {view.Failed:N0}, " +
                      $"conflicts {view.Conflicts:N0}, started {view.StartedAt:HH:mm:ss.fff}, finished {view.FinishedAt:HH:mm:ss.fff}");
    var complete = view.Status == CampaignStatus.Completed && view.Total == n && view.Applied == n && view.Failed == 0 && view.FinishedAt is not null;
    if (!complete)
    {
        Console.WriteLine($"rollout: FAILED: expected {n:N0} applied and 0 failed, completed within {options.RolloutTimeout.TotalSeconds:F0} s" +
                          (view.HaltReason is null ? "" : $"; halted: {view.HaltReason}") +
                          (view.Failures.Count > 0 ? $"; e.g. {view.Failures.First().Key}: {view.Failures.First().Value}" : ""));
        after.PrintDelta(before, n, wallSeconds, atEnd);
        return exitCode = 1;
    }

    var seconds = (view.FinishedAt!.Value - view.StartedAt).TotalSeconds;
    var rate = n / seconds;
    Console.WriteLine($"rollout: {n} cockpits in {seconds:F2} s = {rate:F0} cockpits/s (campaign StartedAt -> FinishedAt)");
    Console.WriteLine($"rollout wall clock: {wallSeconds:F2} s from the last vote to observed completion = {n / wallSeconds:F0} cockpits/s " +
                      $"(target 10 s = 1,000 cockpits/s: {(wallSeconds <= 10 ? "met" : "missed")})");
    foreach (var baseline in baselines)
    {
        Console.WriteLine($"ratio: rollout cockpits/s ÷ baseline single-row writes/s = {rate / baseline.RowsPerSecond:F3} " +
                          $"({rate:F0} / {baseline.RowsPerSecond:F0}, baseline with {baseline.Connections} connections)");
    }

    after.PrintDelta(before, n, wallSeconds, atEnd);
    if (activeSamples.Count > 0)
    {
        Console.WriteLine($"db backends running a statement (pg_stat_activity, sampled each second): average {activeSamples.Average():F1}, max {activeSamples.Max()}");
    }

    if (statements)
    {
        await Statements.PrintAsync(db, n);
    }

    await PrintPayloadsAsync();
    await WriteProbe.RunAsync(db, serviceId);
    if (watchers is not null)
    {
        var (fromUpdatedAt, fromWrite) = await watchers.WaitAsync(TimeSpan.FromSeconds(15));
        var p99 = Latencies.Percentile(fromWrite, 0.99);
        var met = fromWrite.Length == watchers.Count && p99 <= options.WatchTargetP99Ms;
        Console.WriteLine($"watch: {fromWrite.Length} of {watchers.Count} watched cockpits got cockpitUpdated as sent " +
                          $"({watchers.AnnouncedAtRenewal} more only announced at a lease renewal); state written -> browser receipt " +
                          $"p50 {Latencies.Percentile(fromWrite, 0.5):F1} ms, p99 {p99:F1} ms, max {(fromWrite.Length > 0 ? fromWrite[^1] : double.NaN):F1} ms " +
                          $"(target p99 <= {options.WatchTargetP99Ms} ms for all of them: {(met ? "met" : "MISSED")}); from updatedAt, before the write: " +
                          $"p50 {Latencies.Percentile(fromUpdatedAt, 0.5):F1} ms, p99 {Latencies.Percentile(fromUpdatedAt, 0.99):F1} ms; API node CPU {watchers.ApiCpu.TotalSeconds:F1} s");
        Console.WriteLine($"watch: the silos sent {updatePaths?.Push ?? 0} update(s) on the node's push link and {updatePaths?.Observer ?? 0} through its observer");
        if (gcPauses is not null)
        {
            var late = watchers.Sent.Where(s => TimeSpan.FromTicks(s.ReceiptTicks - s.PublishedTicks).TotalMilliseconds > options.WatchTargetP99Ms).ToList();
            var (pauses, pauseMs, longest) = gcPauses.Summary(10);
            Console.WriteLine($"watch: {late.Count} update(s) later than {options.WatchTargetP99Ms} ms, {late.Count(s => gcPauses.Overlaps(s.PublishedTicks, s.ReceiptTicks))} of them " +
                              $"across a GC pause of the silo's process; that process paused {pauses} time(s) for 10 ms or more while watched ({pauseMs:F0} ms in all, longest {longest:F0} ms)");
            if (late.Count > 0)
            {
                // Which ones: the n-th update sent, and when after the first; late first ones point at cold code paths.
                var ordered = watchers.Sent.OrderBy(s => s.PublishedTicks).ToList();
                Console.WriteLine("watch: late updates (n-th sent, +ms after the first, latency): " + string.Join("; ", late.Select(s =>
                    $"#{ordered.IndexOf(s) + 1} +{TimeSpan.FromTicks(s.PublishedTicks - ordered[0].PublishedTicks).TotalMilliseconds:F0} ms " +
                    $"{TimeSpan.FromTicks(s.ReceiptTicks - s.PublishedTicks).TotalMilliseconds:F1} ms")));
            }
        }

        if (nodeDelays is not null)
        {
            // The node's own histogram (publish -> node receipt): where a late update was late, before the node or after it.
            foreach (var path in (await nodeDelays.SettledAsync()).GroupBy(i => i.Tags))
            {
                Console.WriteLine($"watch: the API node received {path.Sum(i => i.Count)} update(s) with {path.Key} (publish -> node, its histogram per 0.5 s): " +
                                  $"worst interval p50 {path.Max(i => i.P50):F1} ms, p99 {path.Max(i => i.P99):F1} ms; " +
                                  $"interval p99s {string.Join(", ", path.Select(i => $"{i.P99:F0}"))} ms");
            }
        }
        if (!met)
        {
            return exitCode = 1;
        }
    }

    // ------------------------------------------------------------------------------------ rollback ---
    if (options.Rollback)
    {
        var rollback = grains.GetGrain<IRollbackGrain>($"rb-{runId}");
        var rollbackWall = Stopwatch.StartNew();
        await rollback.StartAsync(featureId, "benchmark: a bad widget", RollbackMode.Revert, "admin");
        var accepted = rollbackWall.Elapsed.TotalSeconds;
        RollbackView? rolledBack;
        do
        {
            rolledBack = await rollback.GetAsync();
            if (rolledBack is { Completed: true })
            {
                break;
            }

            await Task.Delay(20);
        }
        while (rollbackWall.Elapsed < options.RolloutTimeout);

        rollbackWall.Stop();
        if (rolledBack is not { Completed: true } || rolledBack.Restored != n || rolledBack.Failed != 0)
        {
            Console.WriteLine($"rollback: FAILED: {rolledBack}");
            return exitCode = 1;
        }

        var rollbackSeconds = (rolledBack.FinishedAt!.Value - rolledBack.StartedAt).TotalSeconds;
        Console.WriteLine($"rollback: {rolledBack.Restored} cockpits reverted in {rollbackSeconds:F2} s = {rolledBack.Restored / rollbackSeconds:F0} cockpits/s " +
                          $"(rollback StartedAt -> FinishedAt; 202 answered after {accepted:F2} s; wall clock {rollbackWall.Elapsed.TotalSeconds:F2} s; " +
                          $"seed 30 s, target 1 s for 1,000: {(rollbackWall.Elapsed.TotalSeconds <= 1 * Math.Max(1, n / 1000.0) ? "met" : "missed")})");
    }

    Console.WriteLine($"load average at the end: {Counters.LoadAverage()}");
    return exitCode = 0;
}
catch (Exception error)
{
    Console.Error.WriteLine($"bench: FAILED: {error}");
    return exitCode = 1;
}
finally
{
    var kinds = siloLogs.Summary();
    if (kinds.Count > 0)
    {
        Console.WriteLine("silo warnings and errors (by kind; whole run / during the rollout):");
        foreach (var (kind, count) in kinds)
        {
            Console.WriteLine($"  {count,8:N0} / {count - logsBeforeRollout.GetValueOrDefault(kind),8:N0}  {kind}");
        }
    }

    if (nodeDelays is not null)
    {
        await nodeDelays.DisposeAsync();
    }

    if (watchers is not null)
    {
        await watchers.DisposeAsync();
    }

    foreach (var host in Enumerable.Reverse(hosts))
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(exitCode == 0 ? 30 : 5));
            await host.StopAsync(cts.Token);
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"bench: stopping a silo: {error.Message}");
        }

        host.Dispose();
    }
}

async Task<IHost> StartSiloAsync(int index)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
    {
        DisableDefaults = true,
        ApplicationName = $"DashboardFactory.Bench.Silo{index}",
        ContentRootPath = AppContext.BaseDirectory,
    });
    var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["ConnectionStrings:Postgres"] = options.Postgres,
        ["Orleans:ClusterId"] = serviceId,
        ["Orleans:ServiceId"] = serviceId,
        ["Orleans:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["Orleans:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["Orleans:AdvertisedIP"] = "127.0.0.1",
    };
    foreach (var (key, value) in options.Settings)
    {
        settings[key] = value;
    }

    builder.Configuration.AddInMemoryCollection(settings);
    builder.Logging.ClearProviders();
    builder.Logging.AddProvider(siloLogs);
    if (options.Verbose)
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
    }

    builder.Logging.SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
    builder.UseOrleans(silo => silo.AddDashboardFactorySilo(builder.Configuration));
    var host = builder.Build();
    await host.StartAsync();
    return host;
}

async Task<(long Active, long Open)> BackendsAsync()
{
    await using var command = db.CreateCommand(
        "/*df-bench*/ SELECT count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid()), count(*) FROM pg_stat_activity WHERE datname = current_database()");
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetInt64(0), reader.GetInt64(1));
}

async Task PrintPayloadsAsync()
{
    await using var command = db.CreateCommand("""
        /*df-bench*/ SELECT graintypestring, count(*), avg(octet_length(payloadbinary))::bigint, avg(pg_column_size(payloadbinary))::bigint, max(octet_length(payloadbinary))
        FROM orleansstorage WHERE serviceid = $1 GROUP BY graintypestring ORDER BY 3 DESC
        """);
    command.Parameters.AddWithValue(serviceId);
    await using var reader = await command.ExecuteReaderAsync();
    Console.WriteLine("grain state rows now (type: rows, average payload bytes, average stored bytes after TOAST compression, largest):");
    while (await reader.ReadAsync())
    {
        Console.WriteLine($"  {reader.GetString(0)}: {reader.GetInt64(1):N0} rows, {(reader.IsDBNull(2) ? 0 : reader.GetInt64(2)):N0} B, " +
                          $"{(reader.IsDBNull(3) ? 0 : reader.GetInt64(3)):N0} B stored, max {(reader.IsDBNull(4) ? 0 : reader.GetInt32(4)):N0} B");
    }
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
