namespace DashboardFactory.IntegrationTests.Observability;

/// <summary>
/// Just enough of the protobuf wire format to read OTLP export requests (OpenTelemetry.Proto is not a package we
/// can use): each field of a message as (number, wire type, value), nested messages as byte slices.
/// </summary>
public static class ProtobufReader
{
    public readonly record struct Field(int Number, int WireType, ulong Scalar, ReadOnlyMemory<byte> Bytes)
    {
        public string String => System.Text.Encoding.UTF8.GetString(Bytes.Span);

        public double Double => BitConverter.Int64BitsToDouble((long)Scalar);
    }

    public static IEnumerable<Field> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = Varint(message.Span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    yield return new Field(number, wireType, Varint(message.Span, ref position), ReadOnlyMemory<byte>.Empty);
                    break;
                case 1:
                    yield return new Field(number, wireType, BitConverter.ToUInt64(message.Span.Slice(position, 8)), ReadOnlyMemory<byte>.Empty);
                    position += 8;
                    break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    yield return new Field(number, wireType, 0, message.Slice(position, length));
                    position += length;
                    break;
                case 5:
                    yield return new Field(number, wireType, BitConverter.ToUInt32(message.Span.Slice(position, 4)), ReadOnlyMemory<byte>.Empty);
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported protobuf wire type {wireType} (field {number}).");
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
