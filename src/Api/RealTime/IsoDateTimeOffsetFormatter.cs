using System.Globalization;
using MessagePack;
using MessagePack.Formatters;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Times on the MessagePack protocol as the ISO 8601 text the JSON protocol sends, character for character (the
/// fraction of a second without trailing zeros, the offset as +hh:mm), so a client reads the same value whichever
/// protocol it chose (MessagePack's own DateTimeOffset form is a [ticks, offset] array).
/// </summary>
public sealed class IsoDateTimeOffsetFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public static readonly IsoDateTimeOffsetFormatter Instance = new();

    /// <summary>System.Text.Json's form of a DateTimeOffset.</summary>
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";

    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options) =>
        writer.Write(value.ToString(Format, CultureInfo.InvariantCulture));

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        DateTimeOffset.Parse(reader.ReadString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
