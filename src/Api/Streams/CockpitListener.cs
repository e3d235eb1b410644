using System.Threading.Channels;

namespace DashboardFactory.Api.Streams;

/// <summary>One open cockpit stream's inbox on this node; disposing it stops the deliveries.</summary>
public sealed class CockpitListener(string cockpitId, Action<CockpitListener> release) : IAsyncDisposable
{
    private readonly Channel<CockpitStreamEvent> _events = Channel.CreateBounded<CockpitStreamEvent>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public string CockpitId { get; } = cockpitId;

    public ChannelReader<CockpitStreamEvent> Events => _events.Reader;

    internal void Deliver(CockpitStreamEvent e) => _events.Writer.TryWrite(e);

    public ValueTask DisposeAsync()
    {
        release(this);
        _events.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
