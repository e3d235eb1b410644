using DashboardFactory.Api.Limits;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// The book-keeping of this node's KPI leases, with no I/O and time passed in: which connection holds which feeds,
/// the per-connection limit and the per-user quota, how many clients count on each (code, period), how long a closed
/// SSE stream keeps its place, and for each feed which lease call is due (take, change, renew, release).
/// <see cref="KpiRelay"/> makes the calls and forwards the events.
/// </summary>
/// <remarks>
/// Counts change under one lock. A lease call runs outside it, one at a time per feed (<see cref="KpiFeed.Busy"/>):
/// <see cref="Plan"/> reads the count as it is when the call starts, <see cref="Settled"/> records what the grain
/// accepted, so the last call to finish leaves the lease matching the final count. A feed is counted before its lease
/// is taken, so the first event the grain sends finds it.
/// </remarks>
public sealed class KpiLeaseBook(KpiSubscriptionQuota quota, int perConnection, TimeSpan ttl, TimeSpan resumeGrace)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KpiFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private int _receiving;

    /// <summary>How often every lease is renewed: a third of its TTL, so one lost renewal does not let it lapse.</summary>
    public TimeSpan RenewEvery => ttl / 3;

    /// <summary>Feeds this node receives right now.</summary>
    public int Receiving => Volatile.Read(ref _receiving);

    /// <summary>Feeds the book knows (watched, lingering, or still being released).</summary>
    public int Feeds
    {
        get
        {
            lock (_gate)
            {
                return _feeds.Count;
            }
        }
    }

    public void Connected(string connectionId, string user)
    {
        lock (_gate)
        {
            _connections.TryAdd(connectionId, new Connection(user));
        }
    }

    /// <summary>
    /// Counts the connection on <paramref name="key"/>, within the per-connection limit and the user's quota; a feed the
    /// connection already has is not counted twice.
    /// </summary>
    public KpiSubscription Subscribe(string connectionId, string key)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var connection))
            {
                return new(KpiSubscribeOutcome.Gone, null);
            }

            if (connection.Keys.Contains(key))
            {
                return new(KpiSubscribeOutcome.Subscribed, null);
            }

            if (connection.Keys.Count >= perConnection)
            {
                return new(KpiSubscribeOutcome.ConnectionFull, null);
            }

            if (!quota.TryAcquire(connection.User))
            {
                return new(KpiSubscribeOutcome.UserFull, null);
            }

            connection.Keys.Add(key);
            var feed = FeedOf(key);
            feed.Connections++;
            return new(KpiSubscribeOutcome.Subscribed, feed);
        }
    }

    /// <summary>The feed whose count fell, or null when the connection did not hold it.</summary>
    public KpiFeed? Unsubscribe(string connectionId, string key)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(connectionId, out var connection) || !connection.Keys.Remove(key))
            {
                return null;
            }

            quota.Release(connection.User);
            var feed = _feeds[key];
            feed.Connections--;
            return feed;
        }
    }

    /// <summary>Lets go of everything the connection held; the feeds whose count fell.</summary>
    public IReadOnlyList<KpiFeed> Disconnected(string connectionId)
    {
        lock (_gate)
        {
            if (!_connections.Remove(connectionId, out var connection))
            {
                return [];
            }

            quota.Release(connection.User, connection.Keys.Count);
            var released = new List<KpiFeed>(connection.Keys.Count);
            foreach (var key in connection.Keys)
            {
                var feed = _feeds[key];
                feed.Connections--;
                released.Add(feed);
            }

            return released;
        }
    }

    /// <summary>Counts an SSE or GraphQL listener on its feed; null when its user's quota is full.</summary>
    public KpiFeed? Listen(KpiListener listener)
    {
        lock (_gate)
        {
            if (!quota.TryAcquire(listener.User))
            {
                return null;
            }

            var feed = FeedOf(listener.Key);
            feed.AddListener(listener);
            return feed;
        }
    }

    /// <summary>
    /// Stops counting a listener. With <paramref name="linger"/> (an SSE stream that may reconnect) its place is kept
    /// for the resume grace from <paramref name="now"/>, so the client resumes from the grain's buffer without a gap.
    /// </summary>
    /// <returns>The feed whose count fell (null when the listener was not counted), and when its grace ends.</returns>
    public (KpiFeed? Feed, DateTimeOffset? LingersUntil) Release(KpiListener listener, bool linger, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_feeds.TryGetValue(listener.Key, out var feed) || !feed.RemoveListener(listener))
            {
                return (null, null);
            }

            quota.Release(listener.User);
            if (!linger || resumeGrace <= TimeSpan.Zero)
            {
                return (feed, null);
            }

            var until = now + resumeGrace;
            feed.Linger(until);
            return (feed, until);
        }
    }

    /// <summary>The latest resume grace of the feed still running at <paramref name="now"/>, if any.</summary>
    public DateTimeOffset? LingersUntil(KpiFeed feed, DateTimeOffset now)
    {
        lock (_gate)
        {
            return feed.LingersUntil(now);
        }
    }

    /// <summary>The feed events of <paramref name="key"/> go to, if this node watches it.</summary>
    public KpiFeed? Find(string key)
    {
        lock (_gate)
        {
            return _feeds.GetValueOrDefault(key);
        }
    }

    /// <summary>Every feed, for the renewal round.</summary>
    public IReadOnlyList<KpiFeed> All()
    {
        lock (_gate)
        {
            return [.. _feeds.Values];
        }
    }

    /// <summary>The feeds the grains hold a lease of this node on, to give back when the node stops.</summary>
    public IReadOnlyList<KpiFeed> Leased()
    {
        lock (_gate)
        {
            var leased = new List<KpiFeed>();
            foreach (var feed in _feeds.Values)
            {
                if (feed.Leased > 0)
                {
                    leased.Add(feed);
                }
            }

            return leased;
        }
    }

    /// <summary>
    /// The first half of a reconciliation, with <see cref="KpiFeed.Busy"/> held: the count to lease now, and whether the
    /// grain must hear it (it differs from what the grain has, or it is a renewal of a live lease).
    /// </summary>
    public KpiLeaseStep Plan(KpiFeed feed, DateTimeOffset now, bool renew)
    {
        lock (_gate)
        {
            var wanted = feed.WantedAt(now);
            var started = false;
            if (wanted > 0 && !feed.Receiving)
            {
                feed.Receiving = true;
                _receiving++;
                started = true;
            }

            return new KpiLeaseStep(wanted, wanted != feed.Leased || (renew && wanted > 0), started);
        }
    }

    /// <summary>The grain accepted <paramref name="count"/> (or a release failed and the lease lapses by itself: 0).</summary>
    public void Settled(KpiFeed feed, int count)
    {
        lock (_gate)
        {
            feed.Leased = count;
        }
    }

    /// <summary>
    /// The last half of a reconciliation that planned <paramref name="step"/>: a feed planned at zero is no longer
    /// received, and one nobody counts on any more is forgotten. True when the node stopped receiving the feed.
    /// </summary>
    public bool Finish(KpiFeed feed, KpiLeaseStep step, DateTimeOffset now)
    {
        lock (_gate)
        {
            var stopped = false;
            if (step.Count == 0 && feed.Receiving)
            {
                feed.Receiving = false;
                _receiving--;
                stopped = true;
            }

            if (!feed.Receiving && feed.WantedAt(now) == 0 && _feeds.GetValueOrDefault(feed.Key) == feed)
            {
                _feeds.Remove(feed.Key);
            }

            return stopped;
        }
    }

    private KpiFeed FeedOf(string key)
    {
        if (!_feeds.TryGetValue(key, out var feed))
        {
            feed = new KpiFeed(key);
            _feeds.Add(key, feed);
        }

        return feed;
    }

    private sealed class Connection(string user)
    {
        public string User { get; } = user;

        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
