namespace DashboardFactory.Kpis;

/// <summary>
/// The point ids a KPI saw recently, so most duplicates are answered from memory. Bounded on purpose: an id is
/// forgotten once its point's timestamp leaves the accept window (a point that old would be rejected anyway)
/// or when more than a cap are held (oldest first). Forgetting is safe because the store is the durable judge:
/// its unique (code, point id) constraint refuses an id it has already stored, and the grain counts that as a
/// duplicate too. Memory only makes the common case cheap; it is never what makes dedupe correct.
/// </summary>
public sealed class RecentIds
{
    private readonly Dictionary<string, DateTimeOffset> _ids = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byTs = new();

    public int Count => _ids.Count;

    public bool Contains(string id) => _ids.ContainsKey(id);

    public void Claim(string id, DateTimeOffset ts)
    {
        if (_ids.TryAdd(id, ts))
        {
            _byTs.Enqueue(id, ts);
        }
    }

    /// <summary>Un-claims an id whose point could not be stored, so a retry of it is not called a duplicate.</summary>
    public void Release(string id) => _ids.Remove(id);

    /// <summary>Forgets ids with a timestamp before <paramref name="cutoff"/>, then the oldest beyond <paramref name="cap"/>.</summary>
    public void Forget(DateTimeOffset cutoff, int cap)
    {
        while (_byTs.TryPeek(out var id, out var ts) && (ts < cutoff || _ids.Count > cap || !_ids.TryGetValue(id, out var held) || held != ts))
        {
            _byTs.Dequeue();
            if (_ids.TryGetValue(id, out var current) && current == ts)
            {
                _ids.Remove(id);
            }
        }
    }
}
