using MessagePack;

namespace DashboardFactory.Bench.Latency;

/// <summary>The fields of "kpiValue" the clients read (on either protocol): binding only them keeps the clients' own CPU cost down.</summary>
[MessagePackObject]
public sealed class LastValue
{
    [Key("last")]
    public double Last { get; set; }

    /// <summary>When the server published the push: ISO 8601 on both protocols (the product's MessagePack writes times so), parsed only where read.</summary>
    [Key("publishedAt")]
    public string? PublishedAt { get; set; }
}
