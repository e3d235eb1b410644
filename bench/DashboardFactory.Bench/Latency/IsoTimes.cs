using System.Globalization;
using MessagePack;
using MessagePack.Formatters;

namespace DashboardFactory.Bench.Latency;

/// <summary>The product's MessagePack form of a time (ISO 8601 text), for the bare hub's payload and the bench's clients.</summary>
public sealed class IsoTimes : IMessagePackFormatter<DateTimeOffset>
{
    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options) =>
        writer.Write(value.ToString("O", CultureInfo.InvariantCulture));

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        DateTimeOffset.Parse(reader.ReadString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
