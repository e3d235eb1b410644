using DashboardFactory.Campaigns;
using DashboardFactory.Cockpits;
using DashboardFactory.IntegrationTests.Infrastructure;

namespace DashboardFactory.IntegrationTests.Campaigns;

/// <summary>
/// The rollout guarantees on real PostgreSQL storage, each on a database and cluster of its own because
/// they kill or stop silos.
/// </summary>
public sealed class CampaignPostgresTests
{
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Campaigns:AckTimeout"] = "00:00:02",
        ["Campaigns:CheckpointInterval"] = "00:00:00.200",
    };

    [Fact]
    public async Task ASiloKilledMidCampaignStillLeavesEveryCockpitUpdatedExactlyOnce()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("killrollout");
        await using var cluster = await TestClusters.StartAsync(3, db.ConnectionString, settings: FastRetries);
        var fleet = new Fleet(cluster.Client);
        var cockpits = await fleet.CockpitsAsync(240);
        var (feature, campaignId) = await fleet.ApprovedFeatureAsync();
        var campaign = cluster.Client.GetGrain<ICampaignGrain>(campaignId);

        await Eventually.Async(() => campaign.GetAsync(), v => v!.Applied >= 20 || v.Status != CampaignStatus.Running, TimeSpan.FromSeconds(60));
        await cluster.KillSiloAsync(cluster.Silos[1]);
        var done = await fleet.FinishedAsync(campaignId, TimeSpan.FromSeconds(120));

        done.Status.Should().Be(CampaignStatus.Completed);
        done.Applied.Should().Be(cockpits.Count, $"every target is counted once as applied: {done}");
        var featureId = feature.GetPrimaryKeyString();
        foreach (var id in cockpits)
        {
            var view = (await cluster.Client.GetGrain<ICockpitGrain>(id).GetAsync())!;
            view.InstalledFeatures[featureId].Version.Should().Be("1.0.0", $"cockpit {id} has the release");
            view.Version.Should().Be("1.0.1", $"cockpit {id} was bumped once");
        }

        var snapshots = await db.RowsAsync($"SELECT cockpit_id, count(*) FROM cockpit_snapshots WHERE reason LIKE '%{featureId}%' GROUP BY cockpit_id");
        snapshots.Should().HaveCount(cockpits.Count);
        snapshots.Should().OnlyContain(row => (long)row[1]! == 1, "one snapshot per cockpit: the install happened once");
    }

    [Fact]
    public async Task ARolloutStoresNoStreamBookkeepingPerCockpit()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("pubsubrows");
        await using var cluster = await TestClusters.StartAsync(2, db.ConnectionString, settings: FastRetries);
        var fleet = new Fleet(cluster.Client);
        var cockpits = await fleet.CockpitsAsync(80);
        var (_, campaignId) = await fleet.ApprovedFeatureAsync();

        var done = await fleet.FinishedAsync(campaignId, TimeSpan.FromSeconds(60));

        done.Applied.Should().Be(cockpits.Count);
        // Rollout messages use implicit-only streams and cockpit events a fixed set of partitions, so the
        // pub-sub rendezvous state stays bounded by the partitions (and the few fleet-wide streams), not the fleet.
        var pubSubRows = await db.ScalarAsync<long>("SELECT count(*) FROM orleansstorage WHERE graintypestring ILIKE '%PubSubRendezvous%'");
        pubSubRows.Should().BeLessThanOrEqualTo(2 * CockpitStreams.Partitions + 8,
            $"{cockpits.Count} cockpits were updated and notified, and per-cockpit streams would leave about two rows each");
    }

    [Fact]
    public async Task StoppingEverySiloMidCampaignResumesOnTheReminderToTheSameEnd()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("stoprollout");
        var serviceId = "df-stop-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string?>(FastRetries) { ["Campaigns:Window"] = "10", ["Campaigns:BatchSize"] = "10" };
        List<string> cockpits;
        string featureId;
        string campaignId;
        await using (var first = await TestClusters.StartAsync(2, db.ConnectionString, serviceId, settings))
        {
            var fleet = new Fleet(first.Client);
            cockpits = await fleet.CockpitsAsync(150);
            (var feature, campaignId) = await fleet.ApprovedFeatureAsync();
            featureId = feature.GetPrimaryKeyString();
            await Eventually.Async(() => first.Client.GetGrain<ICampaignGrain>(campaignId).GetAsync(), v => v!.Applied >= 10, TimeSpan.FromSeconds(60));
            await first.StopAllSilosAsync();
        }

        var installedAtStop = await InstalledAsync(db, featureId);
        installedAtStop.Should().BeLessThan(cockpits.Count, "the campaign was stopped part way");

        // Nothing calls the campaign: only its reminder can bring it back.
        await using var second = await TestClusters.StartAsync(2, db.ConnectionString, serviceId, settings);
        var installed = await Eventually.Async(() => InstalledAsync(db, featureId), n => n == cockpits.Count, TimeSpan.FromSeconds(150));

        installed.Should().Be(cockpits.Count, "the reminder resumed the campaign after the restart");
        var done = await new Fleet(second.Client).FinishedAsync(campaignId);
        done.Status.Should().Be(CampaignStatus.Completed);
        done.Applied.Should().Be(cockpits.Count);
        (await db.ScalarAsync<long>($"SELECT count(*) FROM cockpit_snapshots WHERE reason LIKE '%{featureId}%'")).Should().Be(cockpits.Count);
    }

    [Fact]
    public async Task AWaveThatFailsTooOftenHaltsTheCampaignButNeverBlocksTheOthers()
    {
        await using var db = await TestPostgres.CreateDatabaseAsync("haltrollout");
        var settings = new Dictionary<string, string?>(FastRetries) { ["Campaigns:MaxAttempts"] = "2", ["Campaigns:Waves:0"] = "100" };
        await using var cluster = await TestClusters.StartAsync(2, db.ConnectionString, settings: settings);
        var fleet = new Fleet(cluster.Client);
        var good = await fleet.CockpitsAsync(6, prefix: "good");
        var bad = await fleet.CockpitsAsync(6, prefix: "bad");

        // A real fault: the database refuses further writes of the "bad" cockpits' state.
        await db.ExecuteAsync("""
            CREATE FUNCTION refuse_bad_cockpits() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.grainidextensionstring LIKE '%bad-%' AND TG_OP = 'UPDATE' THEN
                    RAISE EXCEPTION 'disk says no';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_bad_cockpits BEFORE UPDATE ON orleansstorage FOR EACH ROW EXECUTE FUNCTION refuse_bad_cockpits();
            """);
        var (feature, campaignId) = await fleet.ApprovedFeatureAsync();
        var done = await fleet.FinishedAsync(campaignId, TimeSpan.FromSeconds(90));

        done.Status.Should().Be(CampaignStatus.Halted, $"bad cockpits fail their writes: {done}");
        done.HaltReason.Should().Contain("failed on 6 of 12");
        done.Applied.Should().Be(good.Count, "failing cockpits never block the others");
        done.Failed.Should().Be(bad.Count);
        done.Failures.Keys.Should().BeEquivalentTo(bad);
        done.Failures.Values.Should().OnlyContain(reason => reason.Contains("SQLSTATE P0001"), "a failure says what went wrong");
        done.Failures.Values.Should().NotContain(reason => reason.Contains("disk says no"), "the database's own text may quote data; it stays in the silo log");
        var outbox = await db.RowsAsync($"SELECT event_type FROM webhook_outbox WHERE payload LIKE '%{campaignId}%'");
        outbox.Select(r => r[0]).Should().Contain("campaign.halted");
        var audit = await db.RowsAsync($"SELECT action FROM audit_log WHERE subject_type = 'campaign' AND subject_id = '{campaignId}' ORDER BY id");
        audit.Select(r => r[0]).Should().Equal("campaign_started", "campaign_halted");
        foreach (var id in good)
        {
            (await cluster.Client.GetGrain<ICockpitGrain>(id).GetAsync())!.InstalledFeatures.Should().ContainKey(feature.GetPrimaryKeyString());
        }
    }

    private static async Task<long> InstalledAsync(TestDatabase db, string featureId) =>
        await db.ScalarAsync<long>($"SELECT count(*) FROM cockpit_snapshots WHERE reason LIKE '%{featureId}%'");
}
