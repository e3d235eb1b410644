using System.Net.Sockets;
using DashboardFactory.Api.Watching;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.IntegrationTests.RealTime;
using DashboardFactory.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.Watching;

/// <summary>
/// A node in client mode listens for its silos' push links and tells them where in its leases; a node that co-hosts its
/// silo does not. Through real sockets between node A's silo and node B's listener: a browser on B is sent its updates
/// on the link, and the listener refuses whatever does not come from a silo the cluster told.
/// </summary>
public sealed class CockpitPushLinkTests : TwoApiNodes
{
    private CockpitPushListener Listener => B.Service<CockpitPushListener>();

    [Fact]
    public async Task ABrowserOnAClientModeNodeIsSentItsUpdatesOnTheSilosPushLink()
    {
        A.Service<CockpitPushListener>().Address.Should().BeNull("node A co-hosts the silo: its updates never leave the process");
        Listener.Address.Should().NotBeNull("node B is only a client: it listens for its silo's link");
        Listener.Address!.Host.Should().Be("127.0.0.1", "the cluster is on localhost here");

        var (id, token) = await A.NewCockpitAsync();
        await using var onB = await CockpitHubProbe.ConnectAsync(B, token);
        await onB.JoinAsync(id);
        await Eventually.Async(() => Task.FromResult(Listener.Links), links => links == 1, TimeSpan.FromSeconds(10));
        using var delays = new HistogramRecorder(FactoryMetrics.CockpitUpdateDelay);

        await A.RenameAsync(id, "First");
        await A.RenameAsync(id, "Second");

        var updates = await Eventually.Async(() => Task.FromResult(onB.UpdatesOf(id)), u => u.Count >= 2, TimeSpan.FromSeconds(10));
        updates.Should().OnlyContain(u => u.GetProperty("reason").GetString() == "customized");
        updates[1].GetProperty("updatedAt").GetDateTimeOffset().Should().BeAfter(updates[0].GetProperty("updatedAt").GetDateTimeOffset(), "they are the two changes, in order");
        Listener.Received.Should().Be(2, "the lease opened the link, so both changes came to node B on it");
        onB.UpdatesOf(id).Should().HaveCount(2, "each change reaches the browser once");
        delays.Of(FactoryMetrics.PushPath).Should().HaveCountGreaterThanOrEqualTo(2, "node B times each update it takes from the link")
            .And.OnlyContain(ms => ms > -1_000 && ms < 10_000, "from the silo's publish to the node's receipt, on one machine's clock");
    }

    [Fact]
    public async Task AConnectionWithoutTheNodesTokenIsClosedAndDeliversNothing()
    {
        var address = Listener.Address!;
        using var stranger = await ConnectAsync(address);
        var wrong = CockpitPushWire.Hello(CockpitPushWire.NewToken());
        await stranger.SendAsync((byte[])[.. wrong, .. Frame(100)]);

        (await ClosedAsync(stranger)).Should().BeTrue("a hello without node B's token is refused");
        Listener.Received.Should().Be(0);
        Listener.Links.Should().Be(0);
    }

    [Fact]
    public async Task ALinkThatSendsAFrameOutOfBoundsOrUnreadableIsClosedAndTheNodeCarriesOn()
    {
        var address = Listener.Address!;
        foreach (var bad in new[] { Frame(0), Frame(CockpitPushWire.MaxFrameLength + 1), Frame(-5), Frame(8, garbage: true) })
        {
            using var link = await ConnectAsync(address);
            await link.SendAsync((byte[])[.. CockpitPushWire.Hello(address.Token), .. bad]);
            (await ClosedAsync(link)).Should().BeTrue("node B closes a link that sends {0} bytes it cannot take as an update", bad.Length);
        }

        Listener.Received.Should().Be(0);
        var (id, token) = await A.NewCockpitAsync();
        await using var onB = await CockpitHubProbe.ConnectAsync(B, token);
        await onB.JoinAsync(id);
        await A.RenameAsync(id, "Still served");
        (await onB.WaitForUpdateAsync(id)).GetProperty("reason").GetString().Should().Be("customized", "node B still serves its browsers");
    }

    private static async Task<Socket> ConnectAsync(CockpitPushAddress address)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address.Host, address.Port);
        return socket;
    }

    /// <summary>A length prefix saying <paramref name="length"/> and, when it is in bounds, that many bytes (zeros, or garbage).</summary>
    private static byte[] Frame(int length, bool garbage = false)
    {
        var body = length is > 0 and <= 64 ? length : 0;
        var frame = new byte[4 + body];
        CockpitPushWire.WriteLength(frame, length);
        if (garbage)
        {
            frame.AsSpan(4).Fill(0xFF);
        }

        return frame;
    }

    /// <summary>Whether the node closes the connection (a read returns nothing or fails) within the hello timeout and a margin.</summary>
    private static async Task<bool> ClosedAsync(Socket socket)
    {
        var buffer = new byte[16];
        try
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(CockpitPushListener.HelloTimeout + TimeSpan.FromSeconds(5));
            return read == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
