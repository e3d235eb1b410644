using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Fleet;

/// <summary>
/// One shard's stored entries, packed as one Brotli-compressed UTF-8 JSON array (<see cref="Packed"/>). A shard is
/// written whole on each group commit, over a thousand times in a 10,000-cockpit rollout; as a dictionary of records the
/// grain serializer tracked every entry, list, map and string of it (a fresh reference table per write, the largest
/// allocation of a rollout), where one byte array is one object. Compressed here (quality 1, about 0.1 ms a shard) it is
/// a tenth of the JSON, so PostgreSQL neither compresses it again nor logs 40 KB per write. Rows written before this
/// form keep <see cref="Entries"/> and are read as before; the next write packs them.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Fleet.FleetIndexState")]
public sealed class FleetIndexState
{
    /// <summary>Entries as rows written before <see cref="Packed"/> hold them; read, never written again.</summary>
    [Id(0)] public Dictionary<string, FleetEntry> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The entries: a format byte (1), the JSON's length (4 bytes, little-endian), then the JSON array compressed with
    /// Brotli; null in a row of the older form.
    /// </summary>
    [Id(1)] public byte[]? Packed { get; set; }

    private const byte Format = 1;
    private const int Header = 5;

    public static FleetIndexState Of(IEnumerable<FleetEntry> entries)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes([.. entries], FleetIndexJson.Default.ListFleetEntry);
        var packed = new byte[Header + BrotliEncoder.GetMaxCompressedLength(json.Length)];
        packed[0] = Format;
        BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(1), json.Length);
        if (!BrotliEncoder.TryCompress(json, packed.AsSpan(Header), out var written, quality: 1, window: 22))
        {
            throw new InvalidOperationException("The fleet index shard could not be compressed.");
        }

        return new FleetIndexState { Packed = packed[..(Header + written)] };
    }

    /// <summary>The stored entries by cockpit id, whichever form the row has (a method: storages serialize properties).</summary>
    public Dictionary<string, FleetEntry> ReadEntries()
    {
        if (Packed is not { Length: > 0 } packed)
        {
            return new Dictionary<string, FleetEntry>(Entries, StringComparer.Ordinal);
        }

        if (packed[0] != Format || packed.Length < Header)
        {
            throw new InvalidDataException($"A fleet index shard is stored in format {packed[0]}, which this version does not read.");
        }

        var json = new byte[BinaryPrimitives.ReadInt32LittleEndian(packed.AsSpan(1))];
        if (!BrotliDecoder.TryDecompress(packed.AsSpan(Header), json, out var read) || read != json.Length)
        {
            throw new InvalidDataException("A fleet index shard's packed entries are damaged.");
        }

        var entries = JsonSerializer.Deserialize(json, FleetIndexJson.Default.ListFleetEntry) ?? [];
        var byId = new Dictionary<string, FleetEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byId[entry.CockpitId] = entry;
        }

        return byId;
    }
}

/// <summary>The packed form's JSON (source-generated: no reflection on a path taken a thousand times a rollout).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<FleetEntry>))]
internal sealed partial class FleetIndexJson : JsonSerializerContext;
