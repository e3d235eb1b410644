namespace DashboardFactory.IntegrationTests.Observability;

/// <summary>One span as an OTLP exporter sent it. Kind: 2 server, 3 client (OTLP's SpanKind numbers).</summary>
public sealed record ReceivedSpan(
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    string Service,
    string Scope,
    IReadOnlyDictionary<string, string> Attributes)
{
    public override string ToString() =>
        $"{Service}/{Scope}: '{Name}' kind {Kind} span {SpanId} parent {ParentSpanId} [{string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"))}]";
}
