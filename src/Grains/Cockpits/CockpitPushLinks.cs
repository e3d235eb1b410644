using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using DashboardFactory.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace DashboardFactory.Cockpits;

/// <summary>
/// The silo's ends of the push links: one TCP connection to each API node that listens for its cockpit updates
/// (<see cref="CockpitWatch.Push"/>), each written by a thread of its own. A cockpit hands an update over in
/// microseconds and the link's thread writes it to the socket at once.
/// </summary>
/// <remarks>
/// Why not only the observer: an observer call leaves through the silo's Orleans connection to the node, whose send
/// loop is a thread-pool work item in the global queue. During a rollout both worker threads run grain turns that
/// Orleans queues locally (<c>preferLocal</c>), which a worker always takes before the global queue, so measured on the
/// rollout benchmark an update waited 20 ms at the median and 100-190 ms at the 99th percentile before it left the
/// silo, in bursts behind grain work and GC pauses (issue 17, point 4). A thread that only sends is woken by the
/// kernel, not by the pool, and leaves grain work where it is.
/// Nothing is lost to the link: an update is taken only while the link is open and not backed up
/// (<see cref="MaxQueued"/>); otherwise the caller sends it through the observer as before. When a link fails, what
/// it still held goes through the observers too, and the node drops any update it already had (by revision). A link
/// starts connecting when a cockpit takes the node's lease (<see cref="Prepare"/>), so the first update finds it open
/// (an update that comes while it connects takes the observer); a link that failed is tried again after
/// <see cref="RetryAfter"/>, and an idle one closes after <see cref="IdleAfter"/>.
/// </remarks>
public sealed partial class CockpitPushLinks(Serializer<CockpitUpdated> serializer, TimeProvider time, ILogger<CockpitPushLinks> logger) : IDisposable
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A node that reads nothing for this long breaks its link (its updates go through the observer).</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(10);

    /// <summary>Updates a link holds before it refuses more (the node is not keeping up); about 5 MB.</summary>
    public const int MaxQueued = 10_000;

    /// <summary>Frames written to the socket in one call, at most (a burst of updates costs one system call).</summary>
    private const int BatchBytes = 64 * 1024;

    /// <summary>The largest frame buffer a thread keeps between updates.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_frameBuffer;

    private readonly ConcurrentDictionary<CockpitPushAddress, Link> _links = new();
    private readonly TimeProvider _time = time;
    private volatile bool _disposed;

    /// <summary>Links connected now.</summary>
    public int Open => _links.Values.Count(l => l.IsOpen);

    /// <summary>
    /// Hands the update to the node's link and returns true, or returns false when the link cannot take it now (it is
    /// connecting, failed lately or is backed up): the caller then sends it through <paramref name="fallback"/>, which
    /// the link also uses for anything it took but could not send. Never blocks.
    /// </summary>
    public bool TrySend(CockpitPushAddress address, CockpitUpdated update, ICockpitObserver fallback)
    {
        if (_disposed)
        {
            return false;
        }

        return LinkFor(address).TrySend(update, fallback);
    }

    /// <summary>
    /// Starts connecting the node's link if it is not open (a lease is taken: updates will follow), so that the first
    /// update already finds it open. Never blocks.
    /// </summary>
    public void Prepare(CockpitPushAddress address)
    {
        if (!_disposed)
        {
            LinkFor(address).Prepare();
        }
    }

    private Link LinkFor(CockpitPushAddress address) => _links.GetOrAdd(address, static (a, owner) => new Link(owner, a), this);

    public void Dispose()
    {
        _disposed = true;
        foreach (var link in _links.Values)
        {
            link.Close();
        }
    }

    /// <summary>
    /// One frame: the length prefix and the serialized update; null when it is too big for a node to accept. Serialized
    /// into a buffer kept per thread (nothing here awaits), so a frame costs one allocation: the exact array queued.
    /// </summary>
    private byte[]? Frame(CockpitUpdated update)
    {
        var writer = t_frameBuffer ??= new ArrayBufferWriter<byte>(512);
        writer.ResetWrittenCount();
        writer.GetSpan(4);
        writer.Advance(4);
        serializer.Serialize(update, writer);
        var length = writer.WrittenCount - 4;
        if (length > CockpitPushWire.MaxFrameLength)
        {
            return null;
        }

        var frame = writer.WrittenSpan.ToArray();
        CockpitPushWire.WriteLength(frame, length);
        if (writer.Capacity > KeptBufferBytes)
        {
            t_frameBuffer = null; // a rare big update: not kept for every later one
        }

        return frame;
    }

    private static void Fallback(Pending pending)
    {
        try
        {
            _ = pending.Fallback.OnCockpitUpdatedAsync(pending.Update);
        }
        catch (Exception)
        {
            // As on the publish path: a lost notification costs the node's next renewal announcing the change.
        }
    }

    private sealed record Pending(byte[] Frame, CockpitUpdated Update, ICockpitObserver Fallback);

    private enum LinkState
    {
        Closed,
        Connecting,
        Open,
    }

    private sealed class Link(CockpitPushLinks owner, CockpitPushAddress address)
    {
        // Monitor, not System.Threading.Lock: the sender waits on it for work.
        private readonly object _gate = new();
        private readonly Queue<Pending> _queue = new();
        private LinkState _state = LinkState.Closed;
        private DateTimeOffset _retryAt = DateTimeOffset.MinValue;
        private Socket? _socket;

        public bool IsOpen
        {
            get
            {
                lock (_gate)
                {
                    return _state == LinkState.Open;
                }
            }
        }

        public bool TrySend(CockpitUpdated update, ICockpitObserver fallback)
        {
            lock (_gate)
            {
                if (_state != LinkState.Open)
                {
                    ConnectIfDue();
                    return false;
                }

                if (_queue.Count >= MaxQueued)
                {
                    return false;
                }
            }

            // Serialized outside the lock: the sender must not wait for it.
            if (owner.Frame(update) is not { } frame)
            {
                return false;
            }

            lock (_gate)
            {
                if (_state != LinkState.Open || _queue.Count >= MaxQueued)
                {
                    return false;
                }

                _queue.Enqueue(new Pending(frame, update, fallback));
                if (_queue.Count == 1)
                {
                    Monitor.Pulse(_gate);
                }

                return true;
            }
        }

        public void Prepare()
        {
            lock (_gate)
            {
                ConnectIfDue();
            }
        }

        /// <summary>Under the lock: a closed link starts its thread, unless it failed less than <see cref="RetryAfter"/> ago.</summary>
        private void ConnectIfDue()
        {
            if (_state == LinkState.Closed && !owner._disposed && owner._time.GetUtcNow() >= _retryAt)
            {
                _state = LinkState.Connecting;
                new Thread(Run) { IsBackground = true, Name = $"cockpit push {address}" }.Start();
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _socket?.Dispose();
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>The link's thread: connects, says hello, then writes whatever is queued until the link breaks, idles or the silo stops.</summary>
        private void Run()
        {
            List<Pending> sending = [];
            var idle = false;
            Exception? failure = null;
            try
            {
                var socket = Connect();
                lock (_gate)
                {
                    _socket = socket;
                    if (owner._disposed)
                    {
                        return;
                    }

                    _state = LinkState.Open;
                }

                owner.LogLinkOpened(address);
                List<ArraySegment<byte>> batch = [];
                while (true)
                {
                    lock (_gate)
                    {
                        while (_queue.Count == 0 && !owner._disposed)
                        {
                            if (!Monitor.Wait(_gate, IdleAfter) && _queue.Count == 0)
                            {
                                idle = true;
                                return;
                            }
                        }

                        if (owner._disposed)
                        {
                            return;
                        }

                        var bytes = 0;
                        while (_queue.Count > 0 && bytes < BatchBytes)
                        {
                            var next = _queue.Dequeue();
                            sending.Add(next);
                            batch.Add(next.Frame);
                            bytes += next.Frame.Length;
                        }
                    }

                    socket.Send(batch);
                    batch.Clear();
                    sending.Clear();
                }
            }
            catch (Exception error)
            {
                failure = error;
            }
            finally
            {
                List<Pending> left;
                lock (_gate)
                {
                    _state = LinkState.Closed;
                    _retryAt = idle || owner._disposed ? DateTimeOffset.MinValue : owner._time.GetUtcNow() + RetryAfter;
                    _socket?.Dispose();
                    _socket = null;

                    // What was being written may or may not have reached the node: it drops what it already has.
                    left = [.. sending, .. _queue];
                    _queue.Clear();
                }

                foreach (var pending in left)
                {
                    Fallback(pending);
                }

                if (failure is not null && !owner._disposed)
                {
                    owner.LogLinkFailed(failure, address, left.Count, RetryAfter);
                }
                else if (idle)
                {
                    // A node that restarts listens anew (another address); the links of the ones gone are forgotten.
                    owner._links.TryRemove(new KeyValuePair<CockpitPushAddress, Link>(address, this));
                }
            }
        }

        private Socket Connect()
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp)
            {
                NoDelay = true,
                SendTimeout = (int)SendTimeout.TotalMilliseconds,
            };
            try
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                using (var timeout = new CancellationTokenSource(ConnectTimeout))
                {
                    socket.ConnectAsync(address.Host, address.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
                }

                socket.Send(CockpitPushWire.Hello(address.Token));
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cockpit updates to the API node at {Address} are pushed on a link of their own")]
    private partial void LogLinkOpened(CockpitPushAddress address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The push link to the API node at {Address} failed; its {Pending} pending update(s) and the next ones go through its observer, and the link is tried again after {RetryAfter}")]
    private partial void LogLinkFailed(Exception error, CockpitPushAddress address, int pending, TimeSpan retryAfter);
}
