using System.Collections.Concurrent;
using System.IO.Compression;
using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DashboardFactory.IntegrationTests.Observability;

/// <summary>
/// An OTLP/HTTP receiver (http/protobuf) on a loopback port of the test process: decodes the spans and metric
/// names that processes export to /v1/traces and /v1/metrics, and keeps them for the test to look at.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentDictionary<(string Service, string Scope, string Name), bool> _metrics = new();

    private OtlpReceiver(int port)
    {
        Port = port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/traces", async (HttpContext context) => await AcceptAsync(context, ReadTraces));
        _app.MapPost("/v1/metrics", async (HttpContext context) => await AcceptAsync(context, ReadMetrics));
        _app.MapPost("/v1/logs", async (HttpContext context) => await AcceptAsync(context, _ => { }));
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public IReadOnlyCollection<(string Service, string Scope, string Name)> Metrics => [.. _metrics.Keys];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver(FreePorts.Next());
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>The variables that point a process's exporter here, exporting quickly.</summary>
    public Dictionary<string, string?> Environment() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "500",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<IResult> AcceptAsync(HttpContext context, Action<ReadOnlyMemory<byte>> read)
    {
        using var buffer = new MemoryStream();
        var body = context.Request.Headers.ContentEncoding == "gzip"
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        await body.CopyToAsync(buffer);
        read(buffer.ToArray());
        return Results.Bytes([], "application/x-protobuf");
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }
    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2 }
    // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2 }
    private void ReadTraces(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceSpans in ProtobufReader.Fields(request).Where(f => f.Number == 1))
        {
            var service = string.Empty;
            foreach (var field in ProtobufReader.Fields(resourceSpans.Bytes))
            {
                if (field.Number == 1)
                {
                    service = Attributes(field.Bytes).GetValueOrDefault("service.name") ?? string.Empty;
                }
                else if (field.Number == 2)
                {
                    var scope = string.Empty;
                    foreach (var scopeField in ProtobufReader.Fields(field.Bytes))
                    {
                        if (scopeField.Number == 1)
                        {
                            scope = ProtobufReader.Fields(scopeField.Bytes).FirstOrDefault(f => f.Number == 1).String ?? string.Empty;
                        }
                        else if (scopeField.Number == 2)
                        {
                            _spans.Enqueue(ReadSpan(scopeField.Bytes, service, scope));
                        }
                    }
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6; repeated KeyValue attributes = 9 }
    private static ReceivedSpan ReadSpan(ReadOnlyMemory<byte> span, string service, string scope)
    {
        string trace = string.Empty, id = string.Empty, parent = string.Empty, name = string.Empty;
        var kind = 0;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in ProtobufReader.Fields(span))
        {
            switch (field.Number)
            {
                case 1: trace = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 2: id = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 4: parent = Convert.ToHexStringLower(field.Bytes.Span); break;
                case 5: name = field.String; break;
                case 6: kind = (int)field.Scalar; break;
                case 9:
                    var (key, value) = KeyValue(field.Bytes);
                    attributes[key] = value;
                    break;
            }
        }

        return new ReceivedSpan(trace, id, parent, name, kind, service, scope, attributes);
    }

    // ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1 }
    // ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2 }
    // ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2 }; Metric { string name = 1 }
    private void ReadMetrics(ReadOnlyMemory<byte> request)
    {
        foreach (var resourceMetrics in ProtobufReader.Fields(request).Where(f => f.Number == 1))
        {
            var service = string.Empty;
            foreach (var field in ProtobufReader.Fields(resourceMetrics.Bytes))
            {
                if (field.Number == 1)
                {
                    service = Attributes(field.Bytes).GetValueOrDefault("service.name") ?? string.Empty;
                }
                else if (field.Number == 2)
                {
                    var scope = string.Empty;
                    foreach (var scopeField in ProtobufReader.Fields(field.Bytes))
                    {
                        if (scopeField.Number == 1)
                        {
                            scope = ProtobufReader.Fields(scopeField.Bytes).FirstOrDefault(f => f.Number == 1).String ?? string.Empty;
                        }
                        else if (scopeField.Number == 2)
                        {
                            var name = ProtobufReader.Fields(scopeField.Bytes).FirstOrDefault(f => f.Number == 1).String ?? string.Empty;
                            _metrics[(service, scope, name)] = true;
                        }
                    }
                }
            }
        }
    }

    // Resource { repeated KeyValue attributes = 1 }
    private static Dictionary<string, string> Attributes(ReadOnlyMemory<byte> resource) =>
        ProtobufReader.Fields(resource).Where(f => f.Number == 1).Select(f => KeyValue(f.Bytes))
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    // KeyValue { string key = 1; AnyValue value = 2 }; AnyValue { string = 1; bool = 2; int64 = 3; double = 4 }
    private static (string Key, string Value) KeyValue(ReadOnlyMemory<byte> pair)
    {
        string key = string.Empty, value = string.Empty;
        foreach (var field in ProtobufReader.Fields(pair))
        {
            if (field.Number == 1)
            {
                key = field.String;
            }
            else if (field.Number == 2)
            {
                foreach (var any in ProtobufReader.Fields(field.Bytes))
                {
                    value = any.Number switch
                    {
                        1 => any.String,
                        2 => (any.Scalar != 0).ToString(),
                        3 => ((long)any.Scalar).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        4 => any.Double.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        _ => value,
                    };
                }
            }
        }

        return (key, value);
    }
}
