using System.Threading.Channels;
using DashboardFactory.Kpis;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// One SSE stream's queue of KPI events on this node. Bounded: a reader that falls far behind loses the oldest
/// live updates, which later values supersede, rather than growing the node's memory.
/// </summary>
public sealed class KpiListener : IAsyncDisposable
{
    private readonly KpiRelay _relay;
    private readonly Channel<KpiStreamEvent> _events = Channel.CreateBounded<KpiStreamEvent>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    internal KpiListener(KpiRelay relay, string key)
    {
        _relay = relay;
        Key = key;
    }

    public string Key { get; }

    public ChannelReader<KpiStreamEvent> Events => _events.Reader;

    internal void Offer(KpiStreamEvent e) => _events.Writer.TryWrite(e);

    public async ValueTask DisposeAsync() => await _relay.ReleaseAsync(this);

    /// <summary>
    /// Lets go at once, without the SSE resume grace: for a client that will not come back to resume (a GraphQL
    /// subscription that completed or whose socket closed), so publishing stops as soon as nobody watches.
    /// </summary>
    public Task CloseAsync() => _relay.ReleaseAsync(this, linger: false);
}
