namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>
/// Two API nodes on one cluster, fresh per test: <see cref="A"/> co-hosts the silo (embedded, with a gateway),
/// <see cref="B"/> is only an Orleans client of it. What reaches a browser on B proves the path between nodes.
/// </summary>
public abstract class TwoApiNodes : IAsyncLifetime
{
    private readonly string _clusterId = "two-" + Guid.NewGuid().ToString("N")[..8];
    private readonly int _gatewayPort = FreePorts.Next();

    protected ApiFactory A { get; private set; } = null!;

    protected ApiFactory B { get; private set; } = null!;

    public Task InitializeAsync()
    {
        A = new Node(Orleans("Embedded"));
        _ = A.Server; // starts the silo before B looks for its gateway
        B = new Node(Orleans("Client"));
        _ = B.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
    }

    private Dictionary<string, string?> Orleans(string mode) => new()
    {
        ["Orleans:Mode"] = mode,
        ["Orleans:ClusterId"] = _clusterId,
        ["Orleans:GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private sealed class Node(IDictionary<string, string?> orleans) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings.Concat(orleans));
    }
}
