using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Features;

[Collection(PostgresClusterCollection.Name)]
public sealed class FeatureGrainPostgresTests(PostgresClusterFixture fixture) : FeatureGrainContract(() => fixture.Client)
{
    [Fact]
    public async Task TheAuditLogAndTheOutboxAreKeptInPostgres()
    {
        var (feature, _) = await FeatureAsync();
        var id = feature.GetPrimaryKeyString();

        await feature.DeprecateAsync("pulled", "admin");

        (await fixture.Database.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE subject_id = '{id}'")).Should().Be(2, "created, stage_changed");
        var events = await fixture.Database.RowsAsync($"SELECT event_type, payload FROM webhook_outbox WHERE payload LIKE '%{id}%'");
        events.Should().ContainSingle();
        events[0][0].Should().Be("feature.stage_changed");
        ((string)events[0][1]!).Should().Contain("\"to\":\"deprecated\"");
    }
}
