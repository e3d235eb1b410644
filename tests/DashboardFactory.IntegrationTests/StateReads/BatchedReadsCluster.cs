using DashboardFactory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace DashboardFactory.IntegrationTests.StateReads;

/// <summary>
/// One silo on PostgreSQL over a database of its own, with its logs kept: these tests deactivate every grain and
/// break the batched read's function for a while, which no other test should feel.
/// </summary>
public sealed class BatchedReadsCluster : IAsyncLifetime
{
    public CapturedLogs Logs { get; } = new();

    public TestDatabase Database { get; private set; } = null!;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public string ServiceId { get; } = "df-reads-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        Database = await TestPostgres.CreateDatabaseAsync("reads");
        Cluster = await TestClusters.StartAsync(silos: 1, Database.ConnectionString, ServiceId,
            silo: silo => silo.Services.AddSingleton<ILoggerProvider>(Logs));
    }

    /// <summary>Deactivates every grain and waits until no cockpit is active, so the next call to each reads it from the database.</summary>
    public async Task DeactivateAllAsync()
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var active = await Eventually.Async(
            async () => (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("CockpitGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount),
            n => n == 0);
        active.Should().Be(0, "every cockpit activation should have been collected");
    }

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
