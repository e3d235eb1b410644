using DashboardFactory.Errors;

namespace DashboardFactory.Cockpits;

/// <summary>
/// The API nodes' leases on one cockpit's updates, by node id: a watcher count, an expiry, the node's observer and
/// its push address if it has one.
/// In memory only (a node renews every third of its TTL, so a cockpit that moved is whole again after one round);
/// plain data on a clock passed in, so expiry is tested without waiting. The live leases are kept as an array ready for
/// the publish path, and a cockpit nobody watches publishes nothing.
/// </summary>
public sealed class CockpitWatchers
{
    /// <summary>Shortest lease a cockpit grants: renewals more often than this would only load the silo.</summary>
    public static readonly TimeSpan MinTtl = TimeSpan.FromMilliseconds(300);

    /// <summary>Longest lease a cockpit grants, whatever a node asks for: a dead node's lease lapses within it.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, (CockpitWatch Watch, DateTimeOffset ExpiresAt)> _leases = new(StringComparer.Ordinal);
    private CockpitWatch[] _live = [];

    public int Nodes => _leases.Count;

    /// <summary>
    /// Sets the node's lease to exactly this count (zero releases it); the TTL is clamped to what a cockpit grants.
    /// Returns how many nodes hold a lease now.
    /// </summary>
    public int Renew(CockpitWatch watch, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(watch.NodeId) || watch.Observer is null)
        {
            throw DomainException.Invalid("A cockpit watch needs the id and the observer of the node that holds it.");
        }

        if (watch.Watchers <= 0)
        {
            if (_leases.Remove(watch.NodeId))
            {
                Changed();
            }

            return _leases.Count;
        }

        var ttl = watch.Ttl < MinTtl ? MinTtl : watch.Ttl > MaxTtl ? MaxTtl : watch.Ttl;
        var known = _leases.TryGetValue(watch.NodeId, out var before);
        _leases[watch.NodeId] = (watch, now + ttl);
        if (!known || !Equals(before.Watch.Observer, watch.Observer) || before.Watch.Push != watch.Push)
        {
            Changed();
        }

        return _leases.Count;
    }

    /// <summary>The leases still live at <paramref name="now"/>, one per node; lapsed ones are dropped on the way.</summary>
    public CockpitWatch[] Live(DateTimeOffset now)
    {
        if (_leases.Count == 0)
        {
            return [];
        }

        List<string>? lapsed = null;
        foreach (var (node, lease) in _leases)
        {
            if (lease.ExpiresAt <= now)
            {
                (lapsed ??= []).Add(node);
            }
        }

        if (lapsed is not null)
        {
            foreach (var node in lapsed)
            {
                _leases.Remove(node);
            }

            Changed();
        }

        return _live;
    }

    private void Changed()
    {
        var live = new CockpitWatch[_leases.Count];
        var i = 0;
        foreach (var lease in _leases.Values)
        {
            live[i++] = lease.Watch;
        }

        _live = live;
    }
}
