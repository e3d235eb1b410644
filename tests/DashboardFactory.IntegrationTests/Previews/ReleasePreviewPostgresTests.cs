using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Previews;

[Collection(PostgresClusterCollection.Name)]
public sealed class ReleasePreviewPostgresTests(PostgresClusterFixture fixture) : ReleasePreviewContract(() => fixture.Client);
