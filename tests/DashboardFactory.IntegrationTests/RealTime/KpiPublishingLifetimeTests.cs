using DashboardFactory.Api.RealTime;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// A KPI stream grain publishes only while some API node holds a live lease on it: from the first subscriber to the
/// last unsubscribe, a dropped connection, or a node that stops renewing (<see cref="KpiLeaseExpiryTests"/>). A host of
/// its own, so the relay's subscription count and the captured logs belong to these tests.
/// </summary>
public sealed class KpiPublishingLifetimeTests(KpiPublishingLifetimeTests.Host api) : IClassFixture<KpiPublishingLifetimeTests.Host>
{
    private KpiRelay Relay => api.Service<KpiRelay>();

    [Fact]
    public async Task TheFirstSubscriberStartsPublishingAndTheLastUnsubscribeStopsItAndTheGrainGoes()
    {
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        var key = KpiStreamKey.Format(code, KpiPeriod.Minute);
        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "nobody watches {0} yet", code);
        await api.IngestAsync(code, minute - TimeSpan.FromMinutes(3), 0);
        await using var first = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await using var second = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);

        await first.SubscribeAsync(code, "minute");
        await second.SubscribeAsync(code, "minute");
        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=2 hour=0 day=0 publishing=True", "two connections watch {0}", key);
        await api.IngestAsync(code, minute, 5);
        await first.WaitForCountAsync(code, "minute", 1);
        await second.WaitForCountAsync(code, "minute", 1);

        await first.UnsubscribeAsync(code, "minute");
        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=1 hour=0 day=0 publishing=True", "one watcher of {0} is left", key);
        await second.UnsubscribeAsync(code, "minute");

        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "the last watcher of {0} left", key);
        await api.Logs.WaitForAsync(l => l.Contains($"KPI stream {key} deactivated"), $"saying the grain of {key} deactivated");
        Relay.ActiveSubscriptions.Should().Be(0, "this node no longer listens to {0}", key);
    }

    [Fact]
    public async Task ADroppedConnectionReleasesItsSubscriptionsAndPublishingStops()
    {
        var code = KpiScenario.NewCode();
        var key = KpiStreamKey.Format(code, KpiPeriod.Hour);
        await api.IngestAsync(code, KpiScenario.LastMinute, 1);
        var probe = await KpiHubProbe.ConnectAsync(api, ApiFactory.AdminToken);
        await probe.SubscribeAsync(code, "hour");
        await probe.SubscribeAsync(code, "day");
        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=1 day=1 publishing=True");

        await probe.Connection.StopAsync();

        var after = await api.SubscribersWhenAsync(code, s => !s.GetProperty("publishing").GetBoolean());
        after.Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "the only watcher of {0} dropped", code);
        await api.Logs.WaitForAsync(l => l.Contains($"KPI stream {key} deactivated"), $"saying the grain of {key} deactivated");
        await probe.DisposeAsync();
    }

    [Fact]
    public async Task ARenewalAfterTheGrainLostItsLeasesTakesTheLeaseAgain()
    {
        // What a silo restart looks like to a node: the grain's memory is gone. The next renewal, carrying the
        // node's whole count, restores the lease and publishing without anything persisted.
        var code = KpiScenario.NewCode();
        var key = KpiStreamKey.Format(code, KpiPeriod.Day);
        var grain = api.Service<IGrainFactory>().GetGrain<IKpiStreamGrain>(key);
        await grain.RenewLeaseAsync(new KpiLease("node-a", 2, TimeSpan.FromSeconds(30)));
        await grain.RenewLeaseAsync(new KpiLease("node-b", 1, TimeSpan.FromSeconds(30)));
        await api.Service<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await api.Logs.WaitForAsync(l => l.Contains($"KPI stream {key} deactivated"), $"saying the grain of {key} deactivated");

        var renewed = await grain.RenewLeaseAsync(new KpiLease("node-a", 2, TimeSpan.FromSeconds(30)));

        renewed.Should().Be(new KpiStreamStatus(2, 1, true), "node-a's renewal alone restores its lease on {0}; node-b's comes with its own", key);
        (await grain.RenewLeaseAsync(new KpiLease("node-b", 1, TimeSpan.FromSeconds(30)))).Should().Be(new KpiStreamStatus(3, 2, true));
        await grain.RenewLeaseAsync(new KpiLease("node-a", 0, TimeSpan.FromSeconds(30)));
        (await grain.RenewLeaseAsync(new KpiLease("node-b", 0, TimeSpan.FromSeconds(30)))).Publishing.Should().BeFalse();
    }

    public sealed class Host : ApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Logging:LogLevel:DashboardFactory.Kpis"] = "Debug",
        };
    }
}
