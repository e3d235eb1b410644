using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Users;

[Collection(MemoryClusterCollection.Name)]
public sealed class UserGrainMemoryTests(MemoryClusterFixture fixture) : UserGrainContract(() => fixture.Client);
