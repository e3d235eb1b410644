using System.Runtime.CompilerServices;
using System.Text.Json;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Api.Streams;
using DashboardFactory.Kpis;

namespace DashboardFactory.Api.Kpis;

/// <summary>
/// The bytes of one "kpiValue" SSE event (id, event and data lines), encoded once per event and shared by every
/// stream that sends it: the relay hands all of a node's SSE listeners the same event instance, so a thousand
/// streams cost one serialization instead of a thousand. The table holds an event's frame only while the event lives.
/// </summary>
public static class KpiSseFrames
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ConditionalWeakTable<KpiStreamEvent, byte[]> Frames = [];
    private static readonly ConditionalWeakTable<KpiStreamEvent, byte[]>.CreateValueCallback Encode =
        e => SseWriter.Frame(e.Id, "kpiValue", KpiValueMessage.From(e), Json);

    public static ReadOnlyMemory<byte> Of(KpiStreamEvent e) => Frames.GetValue(e, Encode);
}
