using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Cockpits;

[Collection(MemoryClusterCollection.Name)]
public sealed class CockpitGrainMemoryTests(MemoryClusterFixture fixture) : CockpitGrainContract(() => fixture.Client);
