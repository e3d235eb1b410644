using System.Net;
using System.Text.Json;
using DashboardFactory.Database;
using DashboardFactory.IntegrationTests.Infrastructure;
using DashboardFactory.Snapshots;

namespace DashboardFactory.IntegrationTests.Ops;

/// <summary>The ops board of an API node that co-hosts a silo on PostgreSQL: migrations from schema_migrations, the last snapshot trim.</summary>
public sealed class OpsBoardPostgresTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Node _api = null!;

    public async Task InitializeAsync()
    {
        _db = await TestPostgres.CreateDatabaseAsync("opsboard");
        _api = new Node(new Dictionary<string, string?>
        {
            ["Orleans:AdvertisedIP"] = "127.0.0.1",
            ["ConnectionStrings:Postgres"] = _db.ConnectionString,
        });
        _ = _api.Server;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task TheBoardShowsAppliedMigrationsWithTheirTimesAndTheLastSnapshotTrim()
    {
        var removed = await _api.Service<IGrainFactory>().GetGrain<ISnapshotRetentionGrain>("default").TrimNowAsync();

        var board = await (await _api.Admin().GetAsync("/api/ops/board")).ShouldBeJsonAsync(HttpStatusCode.OK);

        board.GetProperty("storage").GetString().Should().Be("postgresql");
        var migrations = board.GetProperty("migrations").EnumerateArray().ToList();
        migrations.Select(m => m.GetProperty("id").GetString()).Should().Equal(SchemaMigrator.All.Select(m => $"{m.Version}_{m.Name}"));
        var applied = await _db.ScalarAsync<DateTime>("SELECT max(applied_at) FROM schema_migrations");
        migrations[^1].GetProperty("appliedAt").GetDateTimeOffset().Should().Be(new DateTimeOffset(applied, TimeSpan.Zero));
        var snapshots = board.GetProperty("snapshots");
        snapshots.GetProperty("lastTrimmedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        snapshots.GetProperty("lastRemoved").GetInt64().Should().Be(removed);
        board.GetProperty("silos").EnumerateArray().Should().Contain(s => s.GetProperty("status").GetString() == "active");
        board.GetProperty("flags").ValueKind.Should().Be(JsonValueKind.Array);
    }

    private sealed class Node(IDictionary<string, string?> settings) : ApiFactory
    {
        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings.Concat(settings));
    }
}
