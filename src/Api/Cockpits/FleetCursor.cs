using System.Buffers.Text;
using System.Text;
using DashboardFactory.Fleet;

namespace DashboardFactory.Api.Cockpits;

/// <summary>An opaque page cursor: the shard to continue in and the last cockpit id seen there.</summary>
public sealed record FleetCursor(int Shard, string? AfterId)
{
    public static FleetCursor Start { get; } = new(0, null);

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Shard}|{AfterId}"));

    public static bool TryDecode(string? text, out FleetCursor cursor)
    {
        cursor = Start;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|', 2);
            if (parts.Length == 2 && int.TryParse(parts[0], out var shard) && shard is >= 0 and < FleetIndex.ShardCount
                && (parts[1].Length == 0 || Ids.IsValid(parts[1])))
            {
                cursor = new FleetCursor(shard, parts[1].Length == 0 ? null : parts[1]);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
