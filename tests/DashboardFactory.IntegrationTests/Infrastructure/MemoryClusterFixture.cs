using DashboardFactory.Outbox;
using Orleans.TestingHost;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>Three silos on in-memory providers, shared by a test collection; tests use fresh grain keys.</summary>
public sealed class MemoryClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The webhook outbox of this cluster (the embedded mode keeps one per cluster id).</summary>
    public MemoryOutbox Outbox => MemoryOutbox.For(Cluster.Options.ClusterId);

    public async Task InitializeAsync() => Cluster = await TestClusters.StartAsync(silos: 3, postgres: null);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryClusterFixture>
{
    public const string Name = "memory cluster";
}
