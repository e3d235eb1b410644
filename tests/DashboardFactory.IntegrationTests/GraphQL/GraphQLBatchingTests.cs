using System.Collections.Concurrent;
using DashboardFactory.Cockpits;
using DashboardFactory.Features;
using DashboardFactory.IntegrationTests.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace DashboardFactory.IntegrationTests.GraphQL;

/// <summary>
/// A list reads each thing it shows once, whatever fields ask for it: counted with a grain call filter on the
/// embedded silo while the query runs.
/// </summary>
public sealed class GraphQLBatchingTests(GraphQLBatchingTests.Host api) : IClassFixture<GraphQLBatchingTests.Host>
{
    private const int Cockpits = 100;
    private const int Owners = 4;

    [Fact]
    public async Task AHundredCockpitsWithTheirWidgetsOwnersAndFeaturesCostOneCallPerDistinctThing()
    {
        var cohort = await SeedAsync();
        const string everything = """
            query($cohort: ID!) { cockpits(first: 100, cohort: $cohort) { nextCursor items {
              id title version owner { id name } widgets { id type title config x y w h }
              installedFeatures { featureId version feature { id name stage } } } } }
            """;
        const string little = "query($cohort: ID!) { cockpits(first: 100, cohort: $cohort) { items { id title } } }";

        var (rich, richCalls) = await CountAsync(everything, cohort);
        var (_, fewCalls) = await CountAsync(little, cohort);

        var items = rich.GetProperty("cockpits").GetProperty("items").EnumerateArray().ToList();
        items.Should().HaveCount(Cockpits);
        items.Should().OnlyContain(i => i.GetProperty("widgets").GetArrayLength() == 2 && i.GetProperty("installedFeatures")[1].GetProperty("feature").GetProperty("name").GetString() != null);
        richCalls.GetValueOrDefault("ICockpitGrain.GetAsync").Should().Be(Cockpits, "one read per cockpit, shared by all its fields");
        richCalls.GetValueOrDefault("IUserGrain.GetAsync").Should().Be(Owners, "one read per distinct owner");
        richCalls.GetValueOrDefault("IFeatureGrain.GetAsync").Should().Be(2, "one read per distinct feature");
        richCalls.GetValueOrDefault("IFleetIndexShardGrain.QueryAsync").Should().BeLessThanOrEqualTo(DashboardFactory.Fleet.FleetIndex.ShardCount);
        richCalls.Values.Sum().Should().BeLessThanOrEqualTo(Cockpits + Owners + 2 + DashboardFactory.Fleet.FleetIndex.ShardCount,
            "the whole query is bounded by the things it shows, not by fields × items; calls: {0}", string.Join(", ", richCalls));
        fewCalls.GetValueOrDefault("ICockpitGrain.GetAsync").Should().Be(Cockpits, "asking for fewer fields reads the same cockpits once each");
        fewCalls.Keys.Should().NotContain(["IUserGrain.GetAsync", "IFeatureGrain.GetAsync"]);
    }

    private async Task<(System.Text.Json.JsonElement Data, Dictionary<string, int> Calls)> CountAsync(string query, string cohort)
    {
        var client = api.Admin();
        api.Counter.Start();
        var data = await client.DataAsync(query, new { cohort });
        return (data, api.Counter.Stop());
    }

    private async Task<string> SeedAsync()
    {
        var grains = api.Service<IGrainFactory>();
        var cohort = ApiFactory.NewId("k");
        var owners = Enumerable.Range(0, Owners).Select(_ => ApiFactory.NewId("op")).ToList();
        await Task.WhenAll(owners.Select(o => grains.GetGrain<IUserGrain>(o).CreateAsync(new NewUser("Owner " + o, UserRole.Operator, 0))));
        var features = new[] { ApiFactory.NewId("fa"), ApiFactory.NewId("fb") };
        await Task.WhenAll(features.Select(f => grains.GetGrain<IFeatureGrain>(f).CreateAsync(new NewFeature("Feature " + f, "counted", owners[0]))));
        await Task.WhenAll(Enumerable.Range(0, Cockpits).Select(async i =>
        {
            var cockpit = grains.GetGrain<ICockpitGrain>($"{cohort}-{i:D3}");
            await cockpit.CreateAsync(new NewCockpit(owners[i % Owners], $"Cockpit {i}", [cohort], new AutoUpdatePolicy(true, ChangeType.Reviewed)), []);
            foreach (var feature in features)
            {
                await cockpit.ApplyReleaseAsync(Releases.Widget(feature));
            }
        }));
        return cohort;
    }

    /// <summary>The API with a grain call counter on its embedded silo.</summary>
    public sealed class Host : ApiFactory
    {
        public GrainCallCounter Counter { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IIncomingGrainCallFilter>(Counter));
        }
    }

    /// <summary>Counts calls to the product's grains by interface and method while started.</summary>
    public sealed class GrainCallCounter : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _calls = new();
        private volatile bool _counting;

        public void Start()
        {
            _calls.Clear();
            _counting = true;
        }

        public Dictionary<string, int> Stop()
        {
            _counting = false;
            return new Dictionary<string, int>(_calls);
        }

        public Task Invoke(IIncomingGrainCallContext context)
        {
            // Our grains only: Orleans' own (stream queues, storage, timers) run whatever the query does.
            if (_counting && context.InterfaceMethod.DeclaringType?.Namespace?.StartsWith("DashboardFactory", StringComparison.Ordinal) == true)
            {
                _calls.AddOrUpdate($"{context.InterfaceMethod.DeclaringType?.Name}.{context.InterfaceMethod.Name}", 1, (_, n) => n + 1);
            }

            return context.Invoke();
        }
    }
}
