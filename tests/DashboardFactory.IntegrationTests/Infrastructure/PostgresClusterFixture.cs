using Orleans.TestingHost;

namespace DashboardFactory.IntegrationTests.Infrastructure;

/// <summary>Two silos on the real ADO.NET storage and reminders, over a database of their own.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public string ServiceId { get; } = "df-test-" + Guid.NewGuid().ToString("N")[..8];

    public TestDatabase Database { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync("cluster");
        Cluster = await TestClusters.StartAsync(silos: 2, Database.ConnectionString, ServiceId);
    }

    /// <summary>Another cluster on the same database and service id, as after a full restart.</summary>
    public Task<InProcessTestCluster> StartSecondClusterAsync() =>
        TestClusters.StartAsync(silos: 2, Database.ConnectionString, ServiceId);

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres cluster";
}
