using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.Hosting;
using DashboardFactory.Previews;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DashboardFactory.Bench.Preview;

/// <summary>
/// Release preview benchmark: one REVIEWED upgrade previewed against the whole fleet on PostgreSQL storage, through
/// the same code as GET /api/features/{id}/releases/{version}/preview (one call per fleet-index shard, each shard's
/// cockpits merging read-only). The seed says 10,000 cockpits in 3 s on 2 cores.
/// </summary>
internal static class PreviewBench
{
    private const string FeatureId = "bench-main";

    public static async Task<int> RunAsync(string[] args)
    {
        PreviewBenchOptions options;
        try
        {
            options = PreviewBenchOptions.Parse(args);
        }
        catch (BenchOptions.HelpRequested)
        {
            Console.WriteLine(PreviewBenchOptions.Usage);
            return 0;
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"bench preview: {error.Message}");
            Console.Error.WriteLine(PreviewBenchOptions.Usage);
            return 2;
        }

        var runId = Guid.NewGuid().ToString("N")[..8];
        var n = options.Cockpits;
        Console.WriteLine($"== preview benchmark {runId}: {n:N0} cockpits with {options.Widgets} widgets, {options.ConflictPercent}% edited, " +
                          $"{options.SafeOnlyPercent}% SAFE-only, {options.Silos} silo(s), {Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
        var hosts = new List<IHost>();
        try
        {
            for (var i = 0; i < options.Silos; i++)
            {
                hosts.Add(await StartSiloAsync(options, runId, i));
            }

            var grains = hosts[0].Services.GetRequiredService<IGrainFactory>();
            var cohort = $"bench-{runId}";
            var expected = await SeedAsync(hosts.Select(h => h.Services.GetRequiredService<IGrainFactory>()).ToArray(), options, runId, cohort);
            var release = Release("1.1.0", ChangeType.Reviewed, "Orders today");

            var seconds = new List<double>();
            ReleasePreview? preview = null;
            for (var run = 1; run <= options.Runs; run++)
            {
                // CPU time of this process (the silos run in it) says what a preview costs whatever else the machine runs.
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                preview = await ReleasePreviews.PreviewAsync(grains, release, [cohort]);
                seconds.Add(clock.Elapsed.TotalSeconds);
                var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                Console.WriteLine($"preview {run} (warm): {clock.Elapsed.TotalSeconds:F2} s = {n / clock.Elapsed.TotalSeconds:N0} cockpits/s, " +
                                  $"CPU {cpuMs / 1000:F2} s = {cpuMs * 1000 / n:F0} µs per cockpit; " + Describe(preview) + $"; load average {Counters.LoadAverage()}");
            }

            var ok = Check(preview!, expected);
            var coldSeconds = new List<double>();
            for (var run = 1; options.Cold && run <= options.ColdRuns; run++)
            {
                var cold = await ColdAsync(grains, options, release, cohort, run);
                coldSeconds.Add(cold.Seconds);
                ok &= Check(cold.Preview, expected);
            }

            if (options.ThenRollout)
            {
                ok &= await RolloutAsync(grains, release, cohort, preview!);
            }

            var best = seconds.Min();
            Console.WriteLine($"preview: best {best:F2} s, median {seconds.Order().ElementAt(seconds.Count / 2):F2} s for {n:N0} cockpits " +
                              $"(target {options.TargetSeconds:F0} s: {(best <= options.TargetSeconds ? "met" : "missed")}); load average at the end {Counters.LoadAverage()}");
            var coldMet = coldSeconds.Count == 0 || coldSeconds.Min() <= options.TargetSeconds;
            if (coldSeconds.Count > 0)
            {
                Console.WriteLine($"preview (cold): best {coldSeconds.Min():F2} s of {coldSeconds.Count} (target {options.TargetSeconds:F0} s: {(coldMet ? "met" : "missed")})");
            }

            return ok && best <= options.TargetSeconds && coldMet ? 0 : 1;
        }
        catch (Exception error)
        {
            Console.Error.WriteLine($"bench preview: FAILED: {error}");
            return 1;
        }
        finally
        {
            foreach (var host in Enumerable.Reverse(hosts))
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await host.StopAsync(cts.Token);
                }
                catch (Exception error)
                {
                    Console.Error.WriteLine($"bench preview: stopping a silo: {error.Message}");
                }

                host.Dispose();
            }
        }
    }

    /// <summary>
    /// Deactivates every grain, then previews once more, so each cockpit is read from PostgreSQL; prints where the
    /// time went: this process's CPU (the silos), PostgreSQL's CPU and the statements it ran.
    /// </summary>
    private static async Task<(double Seconds, ReleasePreview Preview)> ColdAsync(IGrainFactory grains, PreviewBenchOptions options, FeatureRelease release, string cohort, int run)
    {
        var left = await DeactivateAllAsync(grains);
        await using var db = NpgsqlDataSource.Create(options.Postgres);
        var statements = await Statements.ResetAsync(db);
        var postgresCpu = await Counters.PostgresCpuSecondsAsync(db);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var cold = await ReleasePreviews.PreviewAsync(grains, release, [cohort]);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var postgresSeconds = await Counters.PostgresCpuSecondsAsync(db) - postgresCpu;
        var n = options.Cockpits;
        Console.WriteLine($"preview {run} (cold: every cockpit activated from PostgreSQL, {left} cockpit activations were left, started {startedAt:HH:mm:ss.fff}): {seconds:F2} s = {n / seconds:N0} cockpits/s, " +
                          $"silo CPU {cpuSeconds:F2} s = {cpuSeconds * 1e6 / n:F0} µs per cockpit, PostgreSQL CPU {postgresSeconds:F2} s = {postgresSeconds * 1e6 / n:F0} µs per cockpit; " +
                          Describe(cold) + $"; load average {Counters.LoadAverage()}");
        if (statements)
        {
            await Statements.PrintAsync(db, n, top: 6);
        }

        return (seconds, cold);
    }

    /// <summary>Collects every idle activation and waits until no cockpit is active (at most a minute); answers how many were left.</summary>
    private static async Task<int> DeactivateAllAsync(IGrainFactory grains)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var active = (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("Cockpit", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
            if (active == 0 || clock.Elapsed > TimeSpan.FromMinutes(1))
            {
                return active;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>What the fleet should preview as: (clean, conflicting, policy-skipped).</summary>
    private static async Task<(int Clean, int Conflicting, int Policy)> SeedAsync(IGrainFactory[] factories, PreviewBenchOptions options, string runId, string cohort)
    {
        var n = options.Cockpits;
        var template = Enumerable.Range(0, options.Widgets)
            .Select(w => w == 0 ? Release("1.0.0", ChangeType.Safe, "Orders") : Release("1.0.0", ChangeType.Safe, $"Widget {w}", $"bench-w{w}"))
            .ToList();
        var safeOnly = new AutoUpdatePolicy(true, ChangeType.Safe);
        bool IsSafeOnly(int i) => i % 100 < options.SafeOnlyPercent;
        bool IsEdited(int i) => (i * 7 + 3) % 100 < options.ConflictPercent;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 128 }, async (i, _) =>
        {
            var cockpit = factories[i % factories.Length].GetGrain<ICockpitGrain>($"pc-{runId}-{i:D6}");
            await cockpit.CreateAsync(new NewCockpit("op-bench", $"Cockpit {i}", [cohort], IsSafeOnly(i) ? safeOnly : AutoUpdatePolicy.Default), template);
            if (IsEdited(i))
            {
                await cockpit.PatchAsync("{\"widgets\":{\"" + FeatureId + "\":{\"title\":\"My orders " + i + "\"}}}", null, new Caller("admin", true));
            }
        });
        var policy = Enumerable.Range(0, n).Count(IsSafeOnly);
        var conflicting = Enumerable.Range(0, n).Count(i => !IsSafeOnly(i) && IsEdited(i));
        Console.WriteLine($"seed: {n:N0} cockpits in {clock.Elapsed.TotalSeconds:F1} s (not the measured figure); expecting {n - policy - conflicting:N0} clean, " +
                          $"{conflicting:N0} conflicting, {policy:N0} skipped by policy");
        return (n - policy - conflicting, conflicting, policy);
    }

    private static bool Check(ReleasePreview preview, (int Clean, int Conflicting, int Policy) expected)
    {
        var actual = (preview.Clean, preview.Conflicting, preview.Skipped.GetValueOrDefault(SkipReasons.Policy));
        if (actual == expected && preview.Failed == 0)
        {
            return true;
        }

        Console.WriteLine($"preview: WRONG COUNTS: expected (clean, conflicting, policy) {expected}, got {actual}, failed {preview.Failed}");
        return false;
    }

    private static async Task<bool> RolloutAsync(IGrainFactory grains, FeatureRelease release, string cohort, ReleasePreview preview)
    {
        var campaign = grains.GetGrain<ICampaignGrain>(CampaignIds.For(release));
        var clock = Stopwatch.StartNew();
        var view = await campaign.StartAsync(new CampaignStart(release, [cohort], false, "bench"));
        while (view.Status == CampaignStatus.Running && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
            view = (await campaign.GetAsync())!;
        }

        var same = view.Total == preview.Targeted && view.Applied == preview.Clean + preview.Conflicting
            && view.Conflicts == preview.Conflicts && view.Skipped == 0 && view.Failed == preview.Failed;
        Console.WriteLine($"rollout: {view.Status} in {clock.Elapsed.TotalSeconds:F1} s: total {view.Total:N0}, applied {view.Applied:N0}, skipped {view.Skipped:N0}, " +
                          $"failed {view.Failed:N0}, conflicts {view.Conflicts:N0}; the preview said targeted {preview.Targeted:N0}, would apply " +
                          $"{preview.Clean + preview.Conflicting:N0}, conflicts {preview.Conflicts:N0}: {(same ? "equal" : "DIFFERENT")}");
        return same;
    }

    private static string Describe(ReleasePreview p) =>
        $"total {p.Total:N0}, targeted {p.Targeted:N0}, clean {p.Clean:N0}, conflicting {p.Conflicting:N0} ({p.Conflicts:N0} conflicts), failed {p.Failed}, " +
        $"skipped {{{string.Join(", ", p.Skipped.Select(s => $"{s.Key}: {s.Value:N0}"))}}}, {p.Samples.Count} samples";

    private static FeatureRelease Release(string version, ChangeType change, string title, string featureId = FeatureId) => new(
        featureId, version, change,
        new WidgetRelease("stat_card", title, 3, 2, "<div class=\"value\">0</div>\n<div class=\"trend\"></div>\n", ".value { font-size: 2em; }\n", """{"kpi":"perfect_order","period":"hour"}"""),
        InjectionMode.Smart, null);

    private static async Task<IHost> StartSiloAsync(PreviewBenchOptions options, string runId, int index)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = $"DashboardFactory.Bench.PreviewSilo{index}",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Postgres"] = options.Postgres,
            ["Orleans:ClusterId"] = $"bench-preview-{runId}",
            ["Orleans:ServiceId"] = $"bench-preview-{runId}",
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
        // Errors only: on a loaded machine the silo's thread-pool and slow-turn warnings would bury the figures.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.UseOrleans(silo => silo.AddDashboardFactorySilo(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
