using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DashboardFactory.Hosting;
using DashboardFactory.Kpis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DashboardFactory.Bench;

/// <summary>
/// Ingest benchmark (<c>--ingest</c>): points per second through IKpiGrain.IngestAsync on PostgreSQL storage,
/// with an in-process silo, next to a baseline measured in the same run on the same table: single-row
/// INSERT ... ON CONFLICT DO NOTHING transactions into kpi_points, as a naive one-INSERT-per-point design would do.
/// </summary>
public static class IngestBench
{
    public const string Usage = """
        Usage: DashboardFactory.Bench --ingest --postgres "<npgsql connection string>" [options]

          --points <n>                 points to ingest (default 200000)
          --kpis <n>                   KPI grains the points are spread over (default 50)
          --batch <n>                  points per IngestAsync call (default 100)
          --concurrency <n>            IngestAsync calls in flight (default 64)
          --baseline-seconds <s>       duration of the baseline (default 5)
          --baseline-connections <n>   connections of the baseline (default 16)
          --<Section>:<Key>=<value>    extra silo configuration
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        string postgres = "";
        int points = 200_000, kpis = 50, batch = 100, concurrency = 64, baselineConnections = 16;
        double baselineSeconds = 5;
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
                    case "--points": points = Int(); break;
                    case "--kpis": kpis = Int(); break;
                    case "--batch": batch = Int(); break;
                    case "--concurrency": concurrency = Int(); break;
                    case "--baseline-seconds": baselineSeconds = Int(); break;
                    case "--baseline-connections": baselineConnections = Int(); break;
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
        Console.WriteLine($"== ingest benchmark {runId}: {points:N0} points over {kpis} KPIs, batches of {batch}, {concurrency} in flight, " +
                          $"{Environment.ProcessorCount} cores, load average {Counters.LoadAverage()}");
        using var host = await StartSiloAsync(postgres, runId, settings);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await using var db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres) { ApplicationName = "df-bench-ingest", MaxPoolSize = baselineConnections + 4 }.ConnectionString);

        // Baseline first, on the table the silo just migrated: one point per transaction.
        var baseline = await BaselineAsync(db, runId, baselineConnections, TimeSpan.FromSeconds(baselineSeconds));
        Console.WriteLine($"baseline: {baselineConnections} connections, single-row INSERT ... ON CONFLICT DO NOTHING into kpi_points per transaction: " +
                          $"{baseline:N0} rows/s");

        var codes = Enumerable.Range(0, kpis).Select(k => $"bench-{runId}-{k}").ToArray();
        var now = DateTimeOffset.UtcNow;
        await Task.WhenAll(codes.Select(code => grains.GetGrain<IKpiGrain>(code).GetCurrentAsync(KpiPeriod.Minute)));
        var batches = Enumerable.Range(0, (points + batch - 1) / batch).Select(b =>
        {
            var code = codes[b % kpis];
            return (Code: code, Points: (IReadOnlyList<KpiPoint>)[.. Enumerable.Range(b * batch, Math.Min(batch, points - b * batch))
                .Select(i => new KpiPoint($"p{i}", now.AddMilliseconds(-(i % 3_600_000)), i % 1000 / 10.0))]);
        }).ToList();

        using var gate = new SemaphoreSlim(concurrency);
        long accepted = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(batches.Select(async b =>
        {
            await gate.WaitAsync();
            try
            {
                var result = await grains.GetGrain<IKpiGrain>(b.Code).IngestAsync(b.Points);
                Interlocked.Add(ref accepted, result.Accepted);
            }
            finally
            {
                gate.Release();
            }
        }));
        stopwatch.Stop();
        var rate = accepted / stopwatch.Elapsed.TotalSeconds;
        await using var count = db.CreateCommand("SELECT count(*) FROM kpi_points WHERE code LIKE $1");
        count.Parameters.AddWithValue($"bench-{runId}-%");
        var stored = (long)(await count.ExecuteScalarAsync())!;
        Console.WriteLine($"ingest: {accepted:N0} points accepted in {stopwatch.Elapsed.TotalSeconds:F2} s = {rate:N0} points/s " +
                          $"({stored:N0} rows in kpi_points)");
        Console.WriteLine($"ratio: {rate / baseline:F1}x the single-row INSERT rate");
        await host.StopAsync();
        return accepted == points && stored == points ? 0 : 1;
    }

    private static async Task<double> BaselineAsync(NpgsqlDataSource db, string runId, int connections, TimeSpan duration)
    {
        var stop = 0;
        var counts = new long[connections];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            await using var connection = await db.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(
                "INSERT INTO kpi_points (code, point_id, ts, value, received_at) VALUES ($1, $2, $3, $4, now()) ON CONFLICT (code, point_id) DO NOTHING", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = $"baseline-{runId}-{c}" });
            command.Parameters.Add(new NpgsqlParameter { Value = "" });
            command.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow });
            command.Parameters.Add(new NpgsqlParameter { Value = 1.0 });
            await command.PrepareAsync();
            long n = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                command.Parameters[1].Value = $"b{n}";
                await command.ExecuteNonQueryAsync();
                n++;
                if (stopwatch.Elapsed >= duration)
                {
                    Volatile.Write(ref stop, 1);
                }
            }

            counts[c] = n;
        })));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<IHost> StartSiloAsync(string postgres, string runId, Dictionary<string, string?> extra)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "DashboardFactory.Bench.IngestSilo",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Postgres"] = postgres,
            ["Orleans:ClusterId"] = $"bench-ingest-{runId}",
            ["Orleans:ServiceId"] = $"bench-ingest-{runId}",
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
