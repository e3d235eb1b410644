using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Features;

[Collection(MemoryClusterCollection.Name)]
public sealed class FeatureGrainMemoryTests(MemoryClusterFixture fixture) : FeatureGrainContract(() => fixture.Client)
{
    [Fact]
    public async Task AStageChangeGoesToTheWebhookOutbox()
    {
        var (feature, _) = await FeatureAsync();

        await feature.DeprecateAsync("pulled", "admin");

        fixture.Outbox.Events.Should().ContainSingle(e => e.Type == "feature.stage_changed" && e.PayloadJson.Contains(feature.GetPrimaryKeyString()));
    }
}
