using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DashboardFactory.Api.RealTime;
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

    public static ReadOnlyMemory<byte> Of(KpiStreamEvent e) => Frames.GetValue(e, Encode);

    private static byte[] Encode(KpiStreamEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        Append(buffer, "id: ");
        Append(buffer, e.Id.ToString(CultureInfo.InvariantCulture));
        Append(buffer, "\nevent: kpiValue\ndata: ");
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(json, KpiValueMessage.From(e), Json);
        }

        Append(buffer, "\n\n");
        return buffer.WrittenSpan.ToArray();
    }

    private static void Append(ArrayBufferWriter<byte> buffer, string ascii)
    {
        var span = buffer.GetSpan(ascii.Length);
        for (var i = 0; i < ascii.Length; i++)
        {
            span[i] = (byte)ascii[i];
        }

        buffer.Advance(ascii.Length);
    }
}
