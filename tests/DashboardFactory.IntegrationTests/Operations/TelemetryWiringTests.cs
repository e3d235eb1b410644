using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using DashboardFactory.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace DashboardFactory.IntegrationTests.Operations;

/// <summary>OpenTelemetry is there only when an OTLP endpoint is configured; the product's meters count either way.</summary>
public sealed class TelemetryWiringTests
{
    [Fact]
    public async Task WithoutAnOtlpEndpointNoOpenTelemetryIsRegistered()
    {
        await using var api = new ApiFactory();
        _ = api.Server;

        api.Services.GetService(typeof(TracerProvider)).Should().BeNull("nothing is exported, so nothing is collected");
        api.Services.GetService(typeof(MeterProvider)).Should().BeNull();
    }

    [Fact]
    public async Task AnOtlpEndpointTurnsOnTracesAndMetrics()
    {
        await using var api = new SettingsApiFactory(new Dictionary<string, string?>
        {
            [OtlpExport.Endpoint] = $"http://127.0.0.1:{FreePorts.Next()}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        _ = api.Server;

        api.Services.GetService(typeof(TracerProvider)).Should().NotBeNull();
        api.Services.GetService(typeof(MeterProvider)).Should().NotBeNull();
    }

    [Fact]
    public async Task TheProductMetersCountCockpitChangesAndKpiPoints()
    {
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == FactoryMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var tag = tags.Length > 0 ? $"{tags[0].Key}={tags[0].Value}" : string.Empty;
            seen.AddOrUpdate($"{instrument.Name}|{tag}", value, (_, v) => v + value);
        });
        listener.Start();
        await using var api = new ApiFactory();
        var (cockpitId, _) = await api.NewCockpitAsync();
        var code = ApiFactory.NewId("kpi").Replace('-', '_');

        await api.RenameAsync(cockpitId, "Renamed");
        var points = await api.Admin().PostAsJsonAsync($"/api/kpis/{code}/points", new[]
        {
            new { id = "p1", ts = DateTimeOffset.UtcNow, value = 1.0 }, new { id = "p1", ts = DateTimeOffset.UtcNow, value = 1.0 },
        });
        await points.ShouldBeJsonAsync(HttpStatusCode.Accepted);

        seen.GetValueOrDefault($"{FactoryMetrics.CockpitsUpdated}|change=customized").Should().BeGreaterThanOrEqualTo(1);
        seen.GetValueOrDefault($"{FactoryMetrics.KpiPoints}|result=accepted").Should().BeGreaterThanOrEqualTo(1);
        seen.GetValueOrDefault($"{FactoryMetrics.KpiPoints}|result=duplicate").Should().BeGreaterThanOrEqualTo(1);
    }
}
