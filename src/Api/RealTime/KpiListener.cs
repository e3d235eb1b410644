using System.Threading.Channels;
using DashboardFactory.Kpis;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// One SSE stream's queue of KPI events on this node. Bounded: a reader that falls far behind loses the oldest
/// live updates, which later values supersede, rather than growing the node's memory.
/// </summary>
public sealed class KpiListener : IAsyncDisposable
{
    private readonly Func<KpiListener, bool, Task> _release;
    private readonly Channel<KpiStreamEvent> _events = Channel.CreateBounded<KpiStreamEvent>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <param name="release">Lets go of the listener's place in its feed; the flag says whether to keep it for the SSE resume grace.</param>
    internal KpiListener(string key, string user, Func<KpiListener, bool, Task> release)
    {
        _release = release;
        Key = key;
        User = user;
    }

    public string Key { get; }

    /// <summary>Whose quota (Limits:MaxKpiSubscriptionsPerUser) this feed counts against.</summary>
    public string User { get; }

    public ChannelReader<KpiStreamEvent> Events => _events.Reader;

    internal void Offer(KpiStreamEvent e) => _events.Writer.TryWrite(e);

    public async ValueTask DisposeAsync() => await _release(this, true);

    /// <summary>
    /// Lets go at once, without the SSE resume grace: for a client that will not come back to resume (a GraphQL
    /// subscription that completed or whose socket closed), so publishing stops as soon as nobody watches.
    /// </summary>
    public Task CloseAsync() => _release(this, false);
}
