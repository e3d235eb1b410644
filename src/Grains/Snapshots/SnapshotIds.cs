using System.Security.Cryptography;

namespace DashboardFactory.Snapshots;

/// <summary>Snapshot ids sort by time and are valid API ids: "s" + 13 hex digits of Unix ms + 6 random hex digits.</summary>
public static class SnapshotIds
{
    public static string New(DateTimeOffset takenAt) =>
        $"s{takenAt.ToUnixTimeMilliseconds():x13}{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
}
