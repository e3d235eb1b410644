namespace DashboardFactory.IntegrationTests.Drills;

/// <summary>
/// The fault drills share one cluster and run alone, after the parallel tests: they load the machine with five
/// processes and a 2,000-cockpit fleet, and one of them restarts PostgreSQL.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillCollection : ICollectionFixture<DrillCluster>
{
    public const string Name = "Fault drills";
}
