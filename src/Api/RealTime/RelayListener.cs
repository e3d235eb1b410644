using System.Threading.Channels;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// A client of a relay that is not a SignalR connection (a GraphQL subscription): its own queue of the relay's
/// events, counted by the relay like a connection until disposed. Bounded: a reader that falls far behind loses the
/// oldest events, which later ones supersede, rather than growing the node's memory.
/// </summary>
public sealed class RelayListener<T> : IAsyncDisposable
{
    private readonly Func<RelayListener<T>, Task> _release;
    private readonly Channel<T> _events = Channel.CreateBounded<T>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private int _released;

    internal RelayListener(string key, Func<RelayListener<T>, Task> release)
    {
        Key = key;
        _release = release;
    }

    /// <summary>What the listener receives events of (a cockpit id, or the admins' alerts).</summary>
    public string Key { get; }

    public ChannelReader<T> Events => _events.Reader;

    internal void Offer(T e) => _events.Writer.TryWrite(e);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _events.Writer.TryComplete();
            await _release(this);
        }
    }
}
