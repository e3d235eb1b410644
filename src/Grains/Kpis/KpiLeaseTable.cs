namespace DashboardFactory.Kpis;

/// <summary>
/// The API nodes' leases on one KPI stream, by node id: a subscriber count and an expiry. Plain data on a clock
/// passed in, so expiry is tested without waiting.
/// </summary>
public sealed class KpiLeaseTable
{
    private readonly Dictionary<string, (int Subscribers, DateTimeOffset ExpiresAt)> _leases = new(StringComparer.Ordinal);

    public int Nodes => _leases.Count;

    public int Subscribers => _leases.Values.Sum(l => l.Subscribers);

    public bool IsEmpty => _leases.Count == 0;

    /// <summary>Sets the node's lease to exactly this count (zero releases it); the TTL is clamped to what a grain grants.</summary>
    public void Renew(KpiLease lease, DateTimeOffset now)
    {
        if (lease.Subscribers <= 0)
        {
            _leases.Remove(lease.NodeId);
            return;
        }

        var ttl = lease.Ttl < KpiStreamOptions.MinLeaseTtl ? KpiStreamOptions.MinLeaseTtl
            : lease.Ttl > KpiStreamOptions.MaxLeaseTtl ? KpiStreamOptions.MaxLeaseTtl
            : lease.Ttl;
        _leases[lease.NodeId] = (lease.Subscribers, now + ttl);
    }

    /// <summary>Drops every lease that was not renewed in time; returns the nodes that lapsed.</summary>
    public IReadOnlyList<string> Expire(DateTimeOffset now)
    {
        var lapsed = _leases.Where(l => l.Value.ExpiresAt <= now).Select(l => l.Key).ToList();
        foreach (var node in lapsed)
        {
            _leases.Remove(node);
        }

        return lapsed;
    }
}
