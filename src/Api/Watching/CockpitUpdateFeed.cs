using DashboardFactory.Cockpits;
using DashboardFactory.Telemetry;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Watching;

/// <summary>
/// This API node's source of cockpit updates. For each cockpit its local clients watch (hub connections, SSE streams,
/// GraphQL subscriptions) it holds one lease on the cockpit grain with the node's <see cref="ICockpitObserver"/>, so
/// the cockpit sends each saved change straight here, one one-way message per watching node (on the node's push link
/// when it listens for one, see <see cref="CockpitPushListener"/>); a cockpit nobody watches sends nothing. Leases are
/// renewed every ttl/3; a node that dies stops renewing and its leases lapse.
/// </summary>
/// <remarks>
/// Why not the stream provider: cockpit events used to travel on a fixed set of partition streams that every node
/// subscribed to whole, so during a 10,000-cockpit rollout every node received and dropped 10,000 events, each
/// delivered through a pulling agent one at a time per partition: 200 watched cockpits saw their updates a second or
/// more after the write. A cockpit that moves (its silo left) forgets its leases; the node's next renewal leases it
/// again, and the cockpit's answer carries its revision, so a change made in between is announced then.
/// Counts change under one lock; the lease calls run outside it, one at a time per cockpit, each making the lease
/// match the count as it is then, so the last one to finish leaves the lease matching the final count.
/// </remarks>
public sealed partial class CockpitUpdateFeed(
    IClusterClient cluster,
    IServiceProvider services,
    IOptions<CockpitWatchOptions> options,
    TimeProvider time,
    ILogger<CockpitUpdateFeed> logger) : BackgroundService
{
    /// <summary>Why a change is announced without its own update: the node heard of it only when it renewed its lease.</summary>
    public const string MissedChangeReason = "changed while this node was not receiving its updates";

    /// <summary>How long after a renewal named an unheard-of revision its own update may still come (see <see cref="AnnounceIfMissedAsync"/>).</summary>
    public static readonly TimeSpan MissedChangeGrace = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private CockpitUpdateReceiver? _receiver;
    private ICockpitObserver? _observer;
    private ICockpitUpdateSink[]? _sinks;
    private CockpitPushListener? _pushListener;

    /// <summary>Identifies this node's leases; a restarted process is a new node (its old leases just lapse).</summary>
    public string NodeId { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>Cockpits at least one local client watches right now.</summary>
    public int WatchedCockpits
    {
        get
        {
            lock (_gate)
            {
                return _entries.Values.Count(e => e.Count > 0);
            }
        }
    }

    private TimeSpan Ttl => options.Value.LeaseTtl;

    /// <summary>
    /// Counts one more local watcher of the cockpit; returns once the node holds a lease on it, so no change saved after
    /// this returns is missed. The count is taken before the first await, so a caller may call this under its own lock
    /// and await it outside. Every call is matched by one <see cref="Unwatch"/>, also when it throws.
    /// </summary>
    public Task WatchAsync(string cockpitId)
    {
        Task lease;
        lock (_gate)
        {
            if (!_entries.TryGetValue(cockpitId, out var entry))
            {
                _entries[cockpitId] = entry = new Entry(cockpitId);
            }

            entry.Count++;
            lease = entry.Count == 1 || !entry.Leased ? Chain(entry) : entry.Sync;
        }

        return lease;
    }

    /// <summary>One local watcher fewer; the last one releases the node's lease (in the background: it lapses anyway).</summary>
    public void Unwatch(string cockpitId)
    {
        Task release;
        lock (_gate)
        {
            if (!_entries.TryGetValue(cockpitId, out var entry) || entry.Count == 0)
            {
                return;
            }

            if (--entry.Count > 0)
            {
                return;
            }

            release = Chain(entry);
        }

        _ = QuietlyAsync(release, cockpitId);
    }

    /// <summary>From a cockpit, through <see cref="CockpitUpdateReceiver"/>: to every sink, unless nobody here watches it or a newer update went first.</summary>
    internal void Receive(CockpitUpdated update, string path)
    {
        lock (_gate)
        {
            if (!_entries.TryGetValue(update.CockpitId, out var entry) || entry.Count == 0 || !entry.Admit(update.Revision))
            {
                return;
            }
        }

        if (update.PublishedAt is { } published)
        {
            FactoryMetrics.CockpitUpdateReceived(path, time.GetUtcNow() - published);
        }

        Deliver(update);
    }

    /// <summary>One round of renewals: every watched cockpit's lease, each after any call already queued for it.</summary>
    public Task RenewAllAsync()
    {
        List<Task> renewals = [];
        lock (_gate)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Count > 0)
                {
                    renewals.Add(QuietlyAsync(Chain(entry), entry.CockpitId));
                }
            }
        }

        return Task.WhenAll(renewals);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Ttl / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewAllAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A node that shuts down cleanly gives its leases back rather than letting them lapse.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        List<string> leased;
        lock (_gate)
        {
            leased = [.. _entries.Values.Where(e => e.Leased).Select(e => e.CockpitId)];
        }

        if (leased.Count == 0 || _observer is not { } observer)
        {
            return;
        }

        try
        {
            await Task.WhenAll(leased.Select(id => cluster.GetGrain<ICockpitGrain>(id).WatchAsync(new CockpitWatch(NodeId, 0, Ttl, observer))))
                .WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }
        catch (Exception error)
        {
            LogReleaseOnStopFailed(error, leased.Count);
        }
    }

    /// <summary>Queues a lease call after the cockpit's last one (under the lock): calls for one cockpit never overtake each other.</summary>
    private Task Chain(Entry entry)
    {
        entry.Pending++;
        entry.Sync = SyncAsync(entry, entry.Sync);
        return entry.Sync;
    }

    private async Task SyncAsync(Entry entry, Task previous)
    {
        // After the previous call, whatever became of it (its caller saw that; this one makes the lease right again),
        // and never inline: Chain runs under locks, and the grain call must not.
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        var count = 0;
        try
        {
            lock (_gate)
            {
                count = entry.Count;
            }

            var push = (_pushListener ??= services.GetService<CockpitPushListener>())?.Address;
            var answer = await cluster.GetGrain<ICockpitGrain>(entry.CockpitId).WatchAsync(new CockpitWatch(NodeId, count, Ttl, Observer(), push));
            bool suspect;
            lock (_gate)
            {
                var first = !entry.Leased;
                entry.Leased = count > 0;
                suspect = entry.Leased && entry.Behind(answer, first);
            }

            if (suspect)
            {
                _ = AnnounceIfMissedAsync(entry, answer);
            }
        }
        finally
        {
            lock (_gate)
            {
                if (--entry.Pending == 0 && entry.Count == 0)
                {
                    _entries.Remove(entry.CockpitId);
                }
            }
        }
    }

    /// <summary>
    /// A renewal answered a revision this node has not forwarded. Either the cockpit forgot the lease (it moved) and
    /// the change was never sent here, or its update is still on the way: the answer and the one-way update travel
    /// separately and the answer may come first. So the change is announced only if its update has not come after a
    /// grace, which one-way messages are never that late for.
    /// </summary>
    private async Task AnnounceIfMissedAsync(Entry entry, CockpitWatchAnswer answer)
    {
        await Task.Delay(MissedChangeGrace, time);
        lock (_gate)
        {
            if (entry.Count == 0 || !entry.Admit(answer.Revision))
            {
                return;
            }
        }

        LogMissedChange(entry.CockpitId, answer.Revision);
        Deliver(new CockpitUpdated(entry.CockpitId, answer.Version, [], [], answer.UpdatedAt, MissedChangeReason, Revision: answer.Revision));
    }

    private void Deliver(CockpitUpdated update)
    {
        foreach (var sink in _sinks ??= [.. services.GetServices<ICockpitUpdateSink>()])
        {
            try
            {
                sink.Deliver(update);
            }
            catch (Exception error)
            {
                LogDeliverFailed(error, update.CockpitId);
            }
        }
    }

    /// <summary>The node's observer reference, made once: every lease hands the same one.</summary>
    private ICockpitObserver Observer()
    {
        lock (_gate)
        {
            if (_observer is null)
            {
                // The runtime holds observers weakly: the receiver lives as long as this feed because this field holds it.
                _receiver = new CockpitUpdateReceiver(this);
                _observer = cluster.CreateObjectReference<ICockpitObserver>(_receiver);
            }

            return _observer;
        }
    }

    private async Task QuietlyAsync(Task lease, string cockpitId)
    {
        try
        {
            await lease;
        }
        catch (Exception error)
        {
            LogLeaseFailed(error, cockpitId);
        }
    }

    private sealed class Entry(string cockpitId)
    {
        /// <summary>The highest revision forwarded or known; -1 until the first lease answers.</summary>
        private long _revision = -1;

        public string CockpitId { get; } = cockpitId;

        /// <summary>Local watchers.</summary>
        public int Count { get; set; }

        /// <summary>Lease calls queued or running.</summary>
        public int Pending { get; set; }

        /// <summary>The last lease call taken (or renewed) the lease.</summary>
        public bool Leased { get; set; }

        public Task Sync { get; set; } = Task.CompletedTask;

        /// <summary>Whether an update goes out: one that arrives after a newer one was forwarded is dropped (one-way calls may overtake each other).</summary>
        public bool Admit(long revision)
        {
            if (revision <= 0)
            {
                return true;
            }

            if (revision <= _revision)
            {
                return false;
            }

            _revision = revision;
            return true;
        }

        /// <summary>A lease answer: true when, on a renewal, it names a revision beyond what was forwarded (a change maybe never heard of).</summary>
        public bool Behind(CockpitWatchAnswer answer, bool first)
        {
            if (first || _revision < 0)
            {
                _revision = Math.Max(_revision, answer.Revision);
                return false;
            }

            return answer.Revision > _revision;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cockpit {CockpitId} changed (revision {Revision}) while this node was not receiving its updates; announced now")]
    private partial void LogMissedChange(string cockpitId, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not align this node's lease on cockpit {CockpitId} with its watchers; the next renewal tries again")]
    private partial void LogLeaseFailed(Exception error, string cockpitId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release {Count} cockpit lease(s) while stopping; they lapse by themselves")]
    private partial void LogReleaseOnStopFailed(Exception error, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A consumer of this node's cockpit updates failed on an update of cockpit {CockpitId}")]
    private partial void LogDeliverFailed(Exception error, string cockpitId);
}
