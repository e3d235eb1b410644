using MessagePack;

namespace DashboardFactory.Bench.Latency;

/// <summary>The one field of "kpiValue" the clients read (on either protocol): binding only it keeps the clients' own CPU cost down.</summary>
[MessagePackObject]
public sealed class LastValue
{
    [Key("last")]
    public double Last { get; set; }
}
