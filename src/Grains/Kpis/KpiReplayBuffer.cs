namespace DashboardFactory.Kpis;

/// <summary>
/// The last N events of one KPI stream, oldest first, for SSE clients resuming after Last-Event-ID. Kept in the
/// grain rather than on API nodes because the grain is the one place every node's events come from: a browser
/// may reconnect to any node, and that node may not have been subscribed while the browser was away.
/// </summary>
public sealed class KpiReplayBuffer(int capacity)
{
    private readonly Queue<KpiStreamEvent> _events = new();

    public KpiStreamEvent? Latest { get; private set; }

    public void Add(KpiStreamEvent e)
    {
        _events.Enqueue(e);
        Latest = e;
        while (_events.Count > capacity)
        {
            _events.Dequeue();
        }
    }

    /// <summary>
    /// Events with an id above <paramref name="afterId"/>. Complete when the buffer reaches back to that id, that
    /// is, the oldest retained event is not newer than it (what came before the oldest one is unknown: evicted,
    /// or published by an earlier activation).
    /// </summary>
    public KpiReplay After(long afterId)
    {
        var events = _events.Where(e => e.Id > afterId).ToList();
        var complete = _events.Count == 0 || _events.Peek().Id <= afterId;
        return new KpiReplay(events, complete);
    }
}
