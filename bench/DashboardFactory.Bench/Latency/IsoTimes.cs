using System.Globalization;
using MessagePack;
using MessagePack.Formatters;

namespace DashboardFactory.Bench.Latency;

/// <summary>
/// The product's MessagePack form of a time (ISO 8601 text, System.Text.Json's: no trailing zeros in the fraction), for
/// the bare hub's payload and the bench's clients, so both servers write payloads of the same size.
/// </summary>
public sealed class IsoTimes : IMessagePackFormatter<DateTimeOffset>
{
    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options) =>
        writer.Write(value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture));

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        DateTimeOffset.Parse(reader.ReadString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
