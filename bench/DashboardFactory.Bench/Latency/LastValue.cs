using MessagePack;

namespace DashboardFactory.Bench.Latency;

/// <summary>The fields of "kpiValue" the clients read (on either protocol): binding only them keeps the clients' own CPU cost down.</summary>
[MessagePackObject]
public sealed class LastValue
{
    [Key("last")]
    public double Last { get; set; }

    /// <summary>
    /// When the server published the push, bound loosely: ISO 8601 text today on both protocols, but builds before
    /// 2026-12-01 sent a MessagePack [ticks, offset] array, and a bench run with <c>--api-dll</c> on such a build
    /// must still read the message. Only the first client's is looked at (<see cref="Receipts"/>).
    /// </summary>
    [Key("publishedAt")]
    public object? PublishedAt { get; set; }
}
