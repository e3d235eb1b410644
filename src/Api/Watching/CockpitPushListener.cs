using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using DashboardFactory.Cockpits;
using DashboardFactory.Hosting;
using DashboardFactory.Telemetry;
using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace DashboardFactory.Api.Watching;

/// <summary>
/// The node's end of the push links: a TCP listener silos connect to and send this node's cockpit updates on
/// (<see cref="CockpitPushWire"/>), instead of through the node's observer. Each update goes to the feed exactly as an
/// observer call would (<see cref="CockpitUpdateFeed.Receive"/>, which drops an update it already had).
/// </summary>
/// <remarks>
/// Why: an observer call waits in the silo behind grain work (see <c>CockpitPushLinks</c> in the silo); a link's own
/// thread does not. The node's <see cref="Address"/> (host, port, and a token made at start) travels in its leases,
/// so only a silo the cluster told may send here: a connection whose hello does not carry the token within
/// <see cref="HelloTimeout"/> is closed, as is one that sends a frame out of bounds or unreadable. Nothing is ever
/// sent back. A node that cannot listen (the port is taken) logs why and is sent to through its observer.
/// </remarks>
public sealed partial class CockpitPushListener(
    CockpitUpdateFeed feed,
    Serializer<CockpitUpdated> serializer,
    IConfiguration configuration,
    IOptions<CockpitWatchOptions> options,
    ILogger<CockpitPushListener> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Connections at once, said hello or not; more are closed at once (a node has a link per silo).</summary>
    public const int MaxConnections = 256;

    private readonly CancellationTokenSource _stopping = new();
    private readonly string _token = CockpitPushWire.NewToken();
    private byte[] _tokenBytes = [];
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _connections;
    private int _links;
    private long _received;

    /// <summary>Where silos push to, with this node's token; null when the node does not listen.</summary>
    public CockpitPushAddress? Address { get; private set; }

    /// <summary>Links open now (connections that said hello).</summary>
    public int Links => Volatile.Read(ref _links);

    /// <summary>Updates received on links since start.</summary>
    public long Received => Interlocked.Read(ref _received);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var clientMode = OrleansHostOptions.From(configuration).Mode == OrleansMode.Client;
        if (!(o.Push ?? clientMode))
        {
            return Task.CompletedTask;
        }

        var host = string.IsNullOrWhiteSpace(o.PushHost) ? DefaultHost() : o.PushHost.Trim();
        var bind = IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip) ? ip
            : ip is { AddressFamily: AddressFamily.InterNetworkV6 } ? IPAddress.IPv6Any
            : IPAddress.Any;
        var listener = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (bind.Equals(IPAddress.IPv6Any))
            {
                listener.DualMode = true;
            }

            listener.Bind(new IPEndPoint(bind, o.PushPort));
            listener.Listen(64);
        }
        catch (SocketException error)
        {
            listener.Dispose();
            LogCannotListen(error, bind, o.PushPort);
            return Task.CompletedTask;
        }

        _listener = listener;
        _tokenBytes = Encoding.ASCII.GetBytes(_token);
        WarmUp();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Address = new CockpitPushAddress(host, port, _token);
        LogListening(bind, port, host);
        _accepting = AcceptAsync(listener, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        await _accepting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops listening and closes every link; the links' loops end on their own.</summary>
    public void Dispose() => Stop();

    private void Stop()
    {
        lock (_stopping)
        {
            Address = null;
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }

            _listener?.Dispose();
        }
    }

    /// <summary>
    /// Reads one update the way a link's frames are read, once: the first update through a fresh node otherwise pays
    /// the JIT of this path (see <c>HubWarmUp</c> for the rest of the way to a browser).
    /// </summary>
    private void WarmUp()
    {
        var sample = new CockpitUpdated("warm-up", "1", ["f"], [], DateTimeOffset.UnixEpoch, "warm-up", DateTimeOffset.UnixEpoch, 1);
        serializer.Deserialize(new ReadOnlySequence<byte>(serializer.SerializeToArray(sample)));
    }

    private string DefaultHost()
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Postgres")))
        {
            return IPAddress.Loopback.ToString();
        }

        // The cluster is found through the database, so silos may be on other machines: the address they can reach.
        var address = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        return (address ?? IPAddress.Loopback).ToString();
    }

    private async Task AcceptAsync(Socket listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(stopping);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException error)
            {
                // A connection reset before it was taken, say: the listener itself is fine.
                LogAcceptFailed(error);
                continue;
            }

            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                LogTooManyConnections(socket.RemoteEndPoint, MaxConnections);
                socket.Dispose();
                continue;
            }

            _ = ServeAsync(socket, stopping);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken stopping)
    {
        var remote = socket.RemoteEndPoint;
        var linked = false;
        var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(minimumReadSize: 4096));
        try
        {
            socket.NoDelay = true;
            if (!await HelloAsync(reader, stopping))
            {
                LogRefused(remote);
                return;
            }

            linked = true;
            Interlocked.Increment(ref _links);
            LogLinked(remote);
            while (true)
            {
                var read = await reader.ReadAsync(stopping);
                var buffer = read.Buffer;
                if (!Frames(ref buffer, remote))
                {
                    return;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException)
        {
            // The silo went away (it stopped, or its link failed): it connects again when it has updates.
            LogLinkClosed(remote, error.GetType().Name);
        }
        catch (Exception error)
        {
            LogLinkFailed(error, remote);
        }
        finally
        {
            if (linked)
            {
                Interlocked.Decrement(ref _links);
            }

            Interlocked.Decrement(ref _connections);
            await reader.CompleteAsync();
            await stream.DisposeAsync();
        }
    }

    /// <summary>The hello, read within <see cref="HelloTimeout"/>: true when it carries this node's token.</summary>
    private async Task<bool> HelloAsync(PipeReader reader, CancellationToken stopping)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(HelloTimeout);
        try
        {
            var read = await reader.ReadAtLeastAsync(CockpitPushWire.HelloLength, timeout.Token);
            var buffer = read.Buffer;
            if (buffer.Length < CockpitPushWire.HelloLength)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return false;
            }

            var hello = buffer.Slice(0, CockpitPushWire.HelloLength).ToArray();
            reader.AdvanceTo(buffer.GetPosition(CockpitPushWire.HelloLength));
            return CockpitPushWire.IsHello(hello, _tokenBytes);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Takes every whole frame off the front of <paramref name="buffer"/> and hands each update to the feed; false
    /// when a frame is out of bounds or unreadable (the link is closed).
    /// </summary>
    private bool Frames(ref ReadOnlySequence<byte> buffer, EndPoint? remote)
    {
        Span<byte> prefix = stackalloc byte[4];
        while (buffer.Length >= 4)
        {
            buffer.Slice(0, 4).CopyTo(prefix);
            var length = CockpitPushWire.ReadLength(prefix);
            if (length < 1 || length > CockpitPushWire.MaxFrameLength)
            {
                LogBadFrame(remote, $"a frame length of {length}");
                return false;
            }

            if (buffer.Length < 4 + length)
            {
                break;
            }

            CockpitUpdated? update;
            try
            {
                update = serializer.Deserialize(buffer.Slice(4, length));
            }
            catch (Exception error)
            {
                LogBadFrame(remote, $"an unreadable frame ({error.GetType().Name})");
                return false;
            }

            if (update is null || string.IsNullOrEmpty(update.CockpitId))
            {
                LogBadFrame(remote, "a frame without a cockpit update");
                return false;
            }

            buffer = buffer.Slice(4 + length);
            Interlocked.Increment(ref _received);
            feed.Receive(update, FactoryMetrics.PushPath);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for silos' cockpit update links on {Bind}:{Port}, advertised as {Host}:{Port}")]
    private partial void LogListening(IPAddress bind, int port, string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot listen for cockpit update links on {Bind}:{Port}; cockpit updates come through this node's observer")]
    private partial void LogCannotListen(Exception error, IPAddress bind, int port);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A connection to the cockpit update listener failed before it was taken")]
    private partial void LogAcceptFailed(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed a connection from {Remote} to the cockpit update listener: already {Max} open")]
    private partial void LogTooManyConnections(EndPoint? remote, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a connection from {Remote} to the cockpit update listener: no valid hello with this node's token in time")]
    private partial void LogRefused(EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "A silo at {Remote} pushes cockpit updates to this node on a link")]
    private partial void LogLinked(EndPoint? remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "The cockpit update link from {Remote} closed ({Reason})")]
    private partial void LogLinkClosed(EndPoint? remote, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed the cockpit update link from {Remote}: it sent {What}")]
    private partial void LogBadFrame(EndPoint? remote, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cockpit update link from {Remote} failed")]
    private partial void LogLinkFailed(Exception error, EndPoint? remote);
}
