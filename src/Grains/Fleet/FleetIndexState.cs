using System.Text.Json;
using System.Text.Json.Serialization;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Fleet;

/// <summary>
/// One shard's stored entries, packed as one UTF-8 JSON array (<see cref="Packed"/>). A shard is written whole on each
/// group commit, over a thousand times in a 10,000-cockpit rollout; as a dictionary of records the grain serializer
/// tracked every entry, list, map and string of it (a fresh reference table per write, the largest allocation of a
/// rollout), where one byte array is one object. Rows written before this form keep <see cref="Entries"/> and are
/// read as before; the next write packs them.
/// </summary>
[GenerateSerializer, Alias("DashboardFactory.Fleet.FleetIndexState")]
public sealed class FleetIndexState
{
    /// <summary>Entries as rows written before <see cref="Packed"/> hold them; read, never written again.</summary>
    [Id(0)] public Dictionary<string, FleetEntry> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The entries as a UTF-8 JSON array, or null in a row of the older form.</summary>
    [Id(1)] public byte[]? Packed { get; set; }

    public static FleetIndexState Of(IEnumerable<FleetEntry> entries) =>
        new() { Packed = JsonSerializer.SerializeToUtf8Bytes([.. entries], FleetIndexJson.Default.ListFleetEntry) };

    /// <summary>The stored entries by cockpit id, whichever form the row has (a method: storages serialize properties).</summary>
    public Dictionary<string, FleetEntry> ReadEntries()
    {
        if (Packed is not { Length: > 0 } packed)
        {
            return new Dictionary<string, FleetEntry>(Entries, StringComparer.Ordinal);
        }

        var entries = JsonSerializer.Deserialize(packed, FleetIndexJson.Default.ListFleetEntry) ?? [];
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
