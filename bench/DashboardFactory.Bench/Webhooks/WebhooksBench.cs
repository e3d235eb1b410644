using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using DashboardFactory.Hosting;
using DashboardFactory.Outbox;
using DashboardFactory.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DashboardFactory.Bench.Webhooks;

/// <summary>
/// Webhook benchmark (<c>webhooks</c> / <c>--webhooks</c>): N events written through the product's outbox on
/// PostgreSQL (one INSERT each, as producers write them), delivered by an in-process silo to one receiver (Kestrel
/// on loopback in this process). Prints deliveries per second and the event-to-delivery latency (outbox write
/// started → first arrival of that webhook-id at the receiver), p50/p99/max.
/// </summary>
public static class WebhooksBench
{
    public const string Usage = """
        Usage: DashboardFactory.Bench webhooks --postgres "<npgsql connection string>" [options]
               (bench/run-webhooks.sh brings a throwaway PostgreSQL)

          --events <n>                 events written to the outbox (default 10000)
          --concurrency <n>            outbox writes in flight (default 32)
          --<Section>:<Key>=<value>    extra silo configuration, e.g. --Webhooks:MaxConcurrency=16
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        string postgres = "";
        int events = 10_000, concurrency = 32;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value");
                int Int() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{arg}: a positive integer");
                switch (arg)
                {
                    case "--postgres": postgres = Value(); break;
                    case "--events": events = Int(); break;
                    case "--concurrency": concurrency = Int(); break;
                    case "--cockpits": Value(); break; // bench/run-rollout.sh adds it; meaningless here
                    case "-h" or "--help": Console.WriteLine(Usage); return 0;
                    default:
                        if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains(':') && arg.Contains('='))
                        {
                            settings[arg[2..arg.IndexOf('=')]] = arg[(arg.IndexOf('=') + 1)..];
                            break;
                        }

                        throw new ArgumentException($"unknown argument: {arg}");
                }
            }

            if (string.IsNullOrWhiteSpace(postgres))
            {
                throw new ArgumentException("--postgres is required");
            }
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine($"bench: {error.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var runId = Guid.NewGuid().ToString("N")[..8];
        Console.WriteLine($"== webhooks benchmark {runId}: {events:N0} events to one receiver, {concurrency} outbox writes in flight, " +
                          $"{Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");

        var arrivals = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long requests = 0;
        await using var receiver = await StartReceiverAsync(context =>
        {
            Interlocked.Increment(ref requests);
            arrivals.TryAdd(context.Request.Headers["webhook-id"].ToString(), Stopwatch.GetTimestamp());
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        var url = $"{receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()}/hook";
        Console.WriteLine($"receiver: {url}");

        settings.TryAdd("Webhooks:AllowedNetworks:0", "127.0.0.0/8");
        using var silo = await StartSiloAsync(postgres, runId, settings);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        var outbox = silo.Services.GetRequiredService<IOutbox>();
        var options = silo.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value;
        Console.WriteLine($"webhooks: MaxConcurrency {options.MaxConcurrency}, BatchSize {options.BatchSize}, PollInterval {options.PollInterval.TotalMilliseconds} ms");
        var created = await grains.GetGrain<IWebhookGrain>($"wh_bench_{runId}").CreateAsync(
            new WebhookSpec(url, [WebhookEventTypes.CampaignCompleted], [], null, "bench"));

        var written = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(concurrency);
        var clock = Stopwatch.StartNew();
        var start = Stopwatch.GetTimestamp();
        var writes = Task.WhenAll(Enumerable.Range(0, events).Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                var id = $"bench-{runId}-{n:D6}";
                written[id] = Stopwatch.GetTimestamp();
                await outbox.EnqueueAsync(new OutboxEvent(id, WebhookEventTypes.CampaignCompleted,
                    JsonSerializer.Serialize(new { campaignId = id, total = 1, applied = 1 }), DateTimeOffset.UtcNow));
            }
            finally
            {
                gate.Release();
            }
        }));
        await writes;
        var writeSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"outbox: {events:N0} events written in {writeSeconds:F2} s = {events / writeSeconds:N0} events/s");

        using (new Timer(_ => Console.WriteLine($"  delivered: {arrivals.Count:N0}/{events:N0} after {clock.Elapsed.TotalSeconds:F0} s"), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)))
        {
            while (arrivals.Count < events && clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }
        }

        var last = arrivals.Values.DefaultIfEmpty(start).Max();
        var seconds = Stopwatch.GetElapsedTime(start, last).TotalSeconds;
        var latencies = written.Where(w => arrivals.ContainsKey(w.Key))
            .Select(w => Stopwatch.GetElapsedTime(w.Value, arrivals[w.Key]).TotalMilliseconds).Order().ToArray();
        Console.WriteLine($"delivery: {arrivals.Count:N0} of {events:N0} events delivered ({requests:N0} requests) in {seconds:F2} s from the first write = " +
                          $"{arrivals.Count / seconds:N0} deliveries/s");
        Console.WriteLine($"event to delivery: p50 {Latencies.Percentile(latencies, 0.50):F0} ms, p99 {Latencies.Percentile(latencies, 0.99):F0} ms, " +
                          $"max {latencies.DefaultIfEmpty(double.NaN).Last():F0} ms");
        Console.WriteLine($"load average after: {Counters.LoadAverage()}");
        _ = created;
        await silo.StopAsync();
        return arrivals.Count == events ? 0 : 1;
    }

    private static async Task<WebApplication> StartReceiverAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        return app;
    }

    private static async Task<IHost> StartSiloAsync(string postgres, string runId, Dictionary<string, string?> extra)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "DashboardFactory.Bench.WebhookSilo",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Postgres"] = postgres,
            ["Orleans:ClusterId"] = $"bench-webhooks-{runId}",
            ["Orleans:ServiceId"] = $"bench-webhooks-{runId}",
            ["Orleans:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
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
