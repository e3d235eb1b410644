using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Kpis;

[Collection(MemoryClusterCollection.Name)]
public sealed class KpiGrainMemoryTests(MemoryClusterFixture fixture) : KpiGrainContract(() => fixture.Client);
