using DashboardFactory.Kpis;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Demo;

/// <summary>
/// Feeds the demo KPIs through IKpiGrain, as a real feed would through the API: first a backfill of history,
/// then a point per KPI every interval. Any failure (a silo restarting, a rejected point) is logged and the
/// next tick tries again: the demo must never bring the host down. Stops with the host.
/// </summary>
internal sealed partial class KpiSimulator(
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    TimeProvider time,
    IOptions<DemoOptions> demo,
    IOptions<KpiSimulatorOptions> options,
    IOptions<KpiOptions> kpis,
    ILogger<KpiSimulator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!demo.Value.Enabled)
        {
            return;
        }

        try
        {
            // The embedded silo is up once the host has started.
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }

            await BackfillAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                await TickAsync(time.GetUtcNow());
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task BackfillAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var span = options.Value.Backfill < kpis.Value.AcceptWindow ? options.Value.Backfill : kpis.Value.AcceptWindow - TimeSpan.FromMinutes(1);
        var first = KpiPeriod.Minute.BucketStart(now - span) + TimeSpan.FromMinutes(1);
        var minutes = Enumerable.Range(0, (int)Math.Max(0, (now - first).TotalMinutes)).Select(m => first.AddMinutes(m)).ToList();
        var posted = 0;
        foreach (var code in KpiShapes.Codes)
        {
            foreach (var chunk in minutes.Chunk(Math.Max(1, kpis.Value.MaxBatch)))
            {
                stoppingToken.ThrowIfCancellationRequested();
                posted += await PostAsync(code, [.. chunk.Select(ts => new KpiPoint(KpiShapes.PointId(code, ts), ts, KpiShapes.Value(code, ts)))]);
            }
        }

        LogBackfilled(posted, KpiShapes.Codes.Count, span);
    }

    private async Task TickAsync(DateTimeOffset now)
    {
        var ts = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        await Task.WhenAll(KpiShapes.Codes.Select(code => PostAsync(code, [new KpiPoint(KpiShapes.PointId(code, ts), ts, KpiShapes.Value(code, ts))])));
    }

    private async Task<int> PostAsync(string code, IReadOnlyList<KpiPoint> points)
    {
        try
        {
            return (await grains.GetGrain<IKpiGrain>(code).IngestAsync(points)).Accepted;
        }
        catch (Exception error)
        {
            LogPostFailed(error, code);
            return 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo KPIs: backfilled {Points} points for {Kpis} KPIs over {Span}")]
    private partial void LogBackfilled(int points, int kpis, TimeSpan span);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo KPIs: posting to {Code} failed; the next tick tries again")]
    private partial void LogPostFailed(Exception error, string code);
}
