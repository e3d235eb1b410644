namespace DashboardFactory.Kpis;

/// <summary>
/// The API nodes' leases on one KPI stream, by node id: a subscriber count, an expiry, and the node's observer if it
/// gave one. Plain data on a clock passed in, so expiry is tested without waiting. The observers and whether any
/// node listens on the stream instead are kept ready for the publish path, which reads them for every event.
/// </summary>
public sealed class KpiLeaseTable
{
    private readonly Dictionary<string, (KpiLease Lease, DateTimeOffset ExpiresAt)> _leases = new(StringComparer.Ordinal);

    public int Nodes => _leases.Count;

    public int Subscribers => _leases.Values.Sum(l => l.Lease.Subscribers);

    public bool IsEmpty => _leases.Count == 0;

    /// <summary>The observers of the live leases that gave one: each event goes to each of them.</summary>
    public IReadOnlyList<IKpiObserver> Observers { get; private set; } = [];

    /// <summary>Some live lease gave no observer: its node listens on the Orleans stream, so events are published there too.</summary>
    public bool AnyOnStream { get; private set; }

    /// <summary>Sets the node's lease to exactly this count (zero releases it); the TTL is clamped to what a grain grants.</summary>
    public void Renew(KpiLease lease, DateTimeOffset now)
    {
        if (lease.Subscribers <= 0)
        {
            if (_leases.Remove(lease.NodeId))
            {
                Changed();
            }

            return;
        }

        var ttl = lease.Ttl < KpiStreamOptions.MinLeaseTtl ? KpiStreamOptions.MinLeaseTtl
            : lease.Ttl > KpiStreamOptions.MaxLeaseTtl ? KpiStreamOptions.MaxLeaseTtl
            : lease.Ttl;
        var known = _leases.TryGetValue(lease.NodeId, out var before);
        _leases[lease.NodeId] = (lease, now + ttl);
        if (!known || !Equals(before.Lease.Observer, lease.Observer))
        {
            Changed();
        }
    }

    /// <summary>Drops every lease that was not renewed in time; returns the nodes that lapsed.</summary>
    public IReadOnlyList<string> Expire(DateTimeOffset now)
    {
        var lapsed = _leases.Where(l => l.Value.ExpiresAt <= now).Select(l => l.Key).ToList();
        foreach (var node in lapsed)
        {
            _leases.Remove(node);
        }

        if (lapsed.Count > 0)
        {
            Changed();
        }

        return lapsed;
    }

    private void Changed()
    {
        Observers = [.. _leases.Values.Select(l => l.Lease.Observer).OfType<IKpiObserver>()];
        AnyOnStream = _leases.Values.Any(l => l.Lease.Observer is null);
    }
}
