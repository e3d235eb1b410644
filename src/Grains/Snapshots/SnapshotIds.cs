using System.IO.Hashing;
using System.Text;

namespace DashboardFactory.Snapshots;

/// <summary>
/// Snapshot ids are derived from the cockpit's revision and the change about to be made, not drawn at random:
/// a change retried after a crash (snapshot written, state not) writes the same id again, which the store
/// ignores, so each change leaves exactly one snapshot. They are valid API ids: "s" + 16 + 16 hex digits.
/// </summary>
public static class SnapshotIds
{
    public static string For(long revision, string change) =>
        $"s{revision:x16}{XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(change)):x16}";
}
