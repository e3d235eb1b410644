using DashboardFactory.Alerts;
using DashboardFactory.Api.RealTime;
using DashboardFactory.Cockpits;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Streams;

/// <summary>
/// This node's source of cockpit SSE streams: watches a cockpit through <see cref="CockpitEventRelay"/> (the node's
/// one set of cockpit event subscriptions, shared with the hub and GraphQL) while a stream is open on it, and hands
/// each of its events to those streams, keeping the last few so a client that reconnects with Last-Event-ID gets
/// what it missed. A cockpit stays watched and buffered for Streams:ResumeGrace after its last stream closes.
/// </summary>
public sealed class CockpitStreamRelay(CockpitEventRelay events, IOptions<StreamsOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);

    /// <summary>Cockpits this relay watches (streams open, or closed within the resume grace).</summary>
    public int WatchedCockpits
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>Opens a listener; once this returns, no event of the cockpit is missed.</summary>
    public async Task<CockpitListener> ListenAsync(string cockpitId)
    {
        var listener = new CockpitListener(cockpitId, Release);
        Watch watch;
        var first = false;
        lock (_gate)
        {
            if (!_watches.TryGetValue(cockpitId, out watch!))
            {
                _watches[cockpitId] = watch = new Watch(this, cockpitId);
                first = true;
            }

            watch.Listeners.Add(listener);
        }

        if (first)
        {
            await StartAsync(watch);
        }

        try
        {
            await watch.Started.Task;
            return listener;
        }
        catch
        {
            lock (_gate)
            {
                watch.Listeners.Remove(listener);
                if (_watches.GetValueOrDefault(cockpitId) == watch)
                {
                    // The next stream tries again.
                    _watches.Remove(cockpitId);
                }
            }

            throw;
        }
    }

    /// <summary>
    /// The buffered events after <paramref name="afterId"/>, and whether they are all of them: false when this node
    /// was not watching the cockpit then, or the buffer has moved past it.
    /// </summary>
    public (IReadOnlyList<CockpitStreamEvent> Events, bool Complete) Replay(string cockpitId, long afterId)
    {
        lock (_gate)
        {
            if (!_watches.TryGetValue(cockpitId, out var watch))
            {
                return ([], false);
            }

            var missed = new List<CockpitStreamEvent>();
            foreach (var e in watch.Buffer)
            {
                if (e.Id > afterId)
                {
                    missed.Add(e);
                }
            }

            return (missed, afterId >= watch.CoveredFrom);
        }
    }

    /// <summary>Takes the cockpit's place in the node's relay; every stream that opened meanwhile waits for it.</summary>
    private async Task StartAsync(Watch watch)
    {
        try
        {
            var watching = await events.WatchAsync(watch.CockpitId, watch);
            lock (_gate)
            {
                watch.Watching = watching;
                watch.CoveredFrom = CockpitStreamEvent.IdAt(time.GetUtcNow());
            }

            watch.Started.TrySetResult();
        }
        catch (Exception error)
        {
            watch.Started.TrySetException(error);
        }
    }

    private void Release(CockpitListener listener)
    {
        Watch? idle = null;
        lock (_gate)
        {
            if (_watches.TryGetValue(listener.CockpitId, out var watch) && watch.Listeners.Remove(listener) && watch.Listeners.Count == 0)
            {
                watch.IdleSince = time.GetUtcNow();
                idle = watch;
            }
        }

        if (idle is not null)
        {
            _ = ForgetAsync(idle, idle.IdleSince);
        }
    }

    /// <summary>Stops watching a cockpit nobody streamed for the resume grace (unless a stream opened on it meanwhile).</summary>
    private async Task ForgetAsync(Watch watch, DateTimeOffset idleSince)
    {
        await Task.Delay(options.Value.ResumeGrace, time);
        IAsyncDisposable? watching;
        lock (_gate)
        {
            if (watch.Listeners.Count > 0 || watch.IdleSince != idleSince || _watches.GetValueOrDefault(watch.CockpitId) != watch)
            {
                return;
            }

            _watches.Remove(watch.CockpitId);
            watching = watch.Watching;
        }

        if (watching is not null)
        {
            await watching.DisposeAsync();
        }
    }

    private void Publish(Watch watch, DateTimeOffset at, string name, object data)
    {
        lock (_gate)
        {
            var e = new CockpitStreamEvent(Math.Max(CockpitStreamEvent.IdAt(at), watch.LastId + 1), name, data);
            watch.LastId = e.Id;
            watch.Buffer.Enqueue(e);
            while (watch.Buffer.Count > options.Value.ReplayBufferSize)
            {
                watch.CoveredFrom = watch.Buffer.Dequeue().Id;
            }

            foreach (var listener in watch.Listeners)
            {
                listener.Deliver(e);
            }
        }
    }

    /// <summary>One cockpit streamed from this node: its open streams, and the last events for those that resume.</summary>
    private sealed class Watch(CockpitStreamRelay relay, string cockpitId) : ICockpitEventListener
    {
        public string CockpitId => cockpitId;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The place in <see cref="CockpitEventRelay"/>, once taken.</summary>
        public IAsyncDisposable? Watching { get; set; }

        public List<CockpitListener> Listeners { get; } = [];

        public Queue<CockpitStreamEvent> Buffer { get; } = new();

        /// <summary>Every event with a larger id is in the buffer (none until the watch started).</summary>
        public long CoveredFrom { get; set; } = long.MaxValue;

        public long LastId { get; set; }

        public DateTimeOffset IdleSince { get; set; } = DateTimeOffset.MaxValue;

        public void OnUpdated(CockpitUpdated update) =>
            relay.Publish(this, update.UpdatedAt, CockpitStreamEvent.CockpitUpdated, CockpitUpdatedMessage.From(update));

        public void OnAlert(AlertEvent alert) =>
            relay.Publish(this, alert.At, CockpitStreamEvent.Alert, AlertMessage.From(alert));
    }
}
