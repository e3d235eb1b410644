using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Previews;

[Collection(MemoryClusterCollection.Name)]
public sealed class ReleasePreviewMemoryTests(MemoryClusterFixture fixture) : ReleasePreviewContract(() => fixture.Client);
