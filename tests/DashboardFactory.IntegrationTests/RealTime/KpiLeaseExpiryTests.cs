using System.Collections.Concurrent;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Kpis;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Streams;

namespace DashboardFactory.IntegrationTests.RealTime;

/// <summary>
/// A node that dies stops renewing its KPI leases; each lapses after its TTL and the grain stops publishing for it.
/// Leases expire on the KPI clock, which this host moves with a FakeTimeProvider instead of waiting out the TTL.
/// </summary>
public sealed class KpiLeaseExpiryTests(KpiLeaseExpiryTests.Host api) : IClassFixture<KpiLeaseExpiryTests.Host>
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ALeaseThatIsNotRenewedExpiresAndTheGrainStopsPublishingAndDeactivates()
    {
        // The test plays the dead node through the cluster client and listens on the Orleans stream as a node would.
        var code = KpiScenario.NewCode();
        var minute = KpiScenario.LastMinute;
        var key = KpiStreamKey.Format(code, KpiPeriod.Minute);
        var received = new ConcurrentQueue<KpiStreamEvent>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = api.Service<IClusterClient>();
        var handle = await client.GetStreamProvider(ProviderNames.Streams)
            .GetStream<KpiStreamEvent>(StreamId.Create(StreamNamespaces.KpiValues, key))
            .SubscribeAsync((e, _) =>
            {
                received.Enqueue(e);
                first.TrySetResult();
                return Task.CompletedTask;
            });
        var grain = client.GetGrain<IKpiStreamGrain>(key);

        var status = await grain.RenewLeaseAsync(new KpiLease("dead-node", 3, Ttl));
        status.Should().Be(new KpiStreamStatus(3, 1, true), "the lease of the node makes {0} publish", key);
        await api.IngestAsync(code, minute, 7);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(20));
        api.Clock.Advance(Ttl - TimeSpan.FromSeconds(1));
        (await grain.GetStatusAsync()).Should().Be(new KpiStreamStatus(3, 1, true), "the lease on {0} has a second left", key);

        api.Clock.Advance(TimeSpan.FromSeconds(1));

        await api.Logs.WaitForAsync(l => l.Contains($"KPI stream {key}: the lease of node dead-node expired"), $"saying the lease on {key} expired");
        await api.Logs.WaitForAsync(l => l.Contains($"KPI stream {key} deactivated"), $"saying the grain of {key} deactivated");
        var publishedBeforeExpiry = received.Count;
        await api.IngestAsync(code, minute, 8, second: 11);

        (await api.SubscribersAsync(code)).Shape().Should().Be("minute=0 hour=0 day=0 publishing=False", "the only lease on {0} lapsed", key);
        received.Should().HaveCount(publishedBeforeExpiry).And.ContainSingle(e => e.Value.Count == 1, "{0} published its change once while leased", key);
        await handle.UnsubscribeAsync();
    }

    public sealed class Host : ApiFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["Logging:LogLevel:DashboardFactory.Kpis"] = "Debug",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(new KpiClock(Clock)));
        }
    }
}
