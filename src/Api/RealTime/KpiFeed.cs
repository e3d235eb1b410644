namespace DashboardFactory.Api.RealTime;

/// <summary>
/// One (code, period) watched from this node, as <see cref="KpiLeaseBook"/> keeps it: who counts (hub connections,
/// SSE and GraphQL listeners, closed SSE streams within their resume grace), the count the grain last accepted, and
/// whether the node receives the feed. The counts change only through the book, under its lock; forwarding reads
/// <see cref="ListenerArray"/> and <see cref="Group"/> without it.
/// </summary>
public sealed class KpiFeed
{
    private readonly HashSet<KpiListener> _listeners = [];
    private readonly List<DateTimeOffset> _lingerUntil = [];
    private KpiListener[] _listenerArray = [];

    internal KpiFeed(string key)
    {
        Key = key;
        Group = CockpitHub.KpiGroup(key);
    }

    public string Key { get; }

    /// <summary>The SignalR group, named once rather than per event.</summary>
    public string Group { get; }

    /// <summary>Drops events that a newer one of the same bucket overtook.</summary>
    public KpiEventOrder Order { get; } = new();

    /// <summary>
    /// One lease call at a time per feed: each reads the count as it is when it starts, so the last one to finish
    /// leaves the lease matching the final count.
    /// </summary>
    public SemaphoreSlim Busy { get; } = new(1, 1);

    /// <summary>The listeners as an array that is replaced, never changed, so forwarding reads it without a lock.</summary>
    public KpiListener[] ListenerArray => Volatile.Read(ref _listenerArray);

    /// <summary>Hub connections subscribed.</summary>
    public int Connections { get; internal set; }

    public int Listeners => _listeners.Count;

    /// <summary>The count the grain last accepted from this node.</summary>
    public int Leased { get; internal set; }

    /// <summary>This node receives the feed (counted in <see cref="KpiLeaseBook.Receiving"/>).</summary>
    public bool Receiving { get; internal set; }

    /// <summary>Everyone the lease counts at <paramref name="now"/>; closed SSE streams whose grace ended are let go.</summary>
    internal int WantedAt(DateTimeOffset now)
    {
        _lingerUntil.RemoveAll(until => until <= now);
        return Connections + _listeners.Count + _lingerUntil.Count;
    }

    /// <summary>The latest end of a resume grace still running at <paramref name="now"/>.</summary>
    internal DateTimeOffset? LingersUntil(DateTimeOffset now)
    {
        DateTimeOffset? latest = null;
        foreach (var until in _lingerUntil)
        {
            if (until > now && (latest is null || until > latest))
            {
                latest = until;
            }
        }

        return latest;
    }

    internal void Linger(DateTimeOffset until) => _lingerUntil.Add(until);

    internal bool AddListener(KpiListener listener)
    {
        if (!_listeners.Add(listener))
        {
            return false;
        }

        Volatile.Write(ref _listenerArray, [.. _listeners]);
        return true;
    }

    internal bool RemoveListener(KpiListener listener)
    {
        if (!_listeners.Remove(listener))
        {
            return false;
        }

        Volatile.Write(ref _listenerArray, [.. _listeners]);
        return true;
    }
}
